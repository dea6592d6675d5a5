import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareRecords,
  type LogRecord,
  MergeOrderError,
  mergeLogs,
  mergeLogsSync,
} from '../src/index.js';
import { deviceLogs, recordSetArb } from './arbitraries.js';

const rec = (device: string, t: number): LogRecord => ({
  device,
  t,
  kind: 'event',
  body: { name: 'x' },
});
const ids = (records: Iterable<LogRecord>) => [...records].map((r) => `${r.device}:${r.t}`);

async function collect(stream: AsyncIterable<LogRecord>): Promise<LogRecord[]> {
  const out: LogRecord[] = [];
  for await (const record of stream) out.push(record);
  return out;
}

async function* slowly(records: LogRecord[]): AsyncGenerator<LogRecord> {
  for (const record of records) {
    await new Promise((resolve) => setImmediate(resolve));
    yield record;
  }
}

describe('compareRecords', () => {
  it('orders by t, then by device id in code-unit order', () => {
    const sorted = [rec('b', 2), rec('a', 2), rec('Z', 2), rec('z', 1)].sort(compareRecords);
    expect(ids(sorted)).toEqual(['z:1', 'Z:2', 'a:2', 'b:2']);
  });
});

describe('mergeLogsSync', () => {
  it('interleaves device logs by (t, device)', () => {
    const merged = mergeLogsSync([
      [rec('w', 1), rec('w', 3), rec('w', 5)],
      [rec('a', 3), rec('a', 4)],
      [],
    ]);
    expect(ids(merged)).toEqual(['w:1', 'a:3', 'w:3', 'a:4', 'w:5']);
  });

  it('merges any rows with device and t, keeping their type', () => {
    const rows = mergeLogsSync([
      [{ device: 'b', t: 1, json: '{}' }],
      [{ device: 'a', t: 1, json: '[]' }],
    ]);
    expect([...rows].map((r) => r.json)).toEqual(['[]', '{}']);
  });

  it('delivers a record present in two logs once', () => {
    expect(
      ids(
        mergeLogsSync([
          [rec('a', 1), rec('a', 2)],
          [rec('a', 2), rec('a', 3)],
        ]),
      ),
    ).toEqual(['a:1', 'a:2', 'a:3']);
  });

  it('refuses a log that is not sorted, naming it', () => {
    expect(() => [...mergeLogsSync([[rec('a', 1)], [rec('b', 5), rec('b', 4)]])]).toThrow(
      new MergeOrderError('log 1 is not in merged order: (b, 4) comes after (b, 5)'),
    );
  });

  it('closes every log when the reader stops early', () => {
    const closed: number[] = [];
    const log = (n: number): Iterable<LogRecord> => ({
      *[Symbol.iterator]() {
        try {
          for (let t = 1; t < 100; t++) yield rec(`d${n}`, t);
        } finally {
          closed.push(n);
        }
      },
    });
    for (const record of mergeLogsSync([log(0), log(1), log(2)])) if (record.t === 3) break;
    expect(closed.sort()).toEqual([0, 1, 2]);
  });

  it('is sorted, complete and free of duplicates for any logs (property)', () => {
    fc.assert(
      fc.property(recordSetArb(60), fc.array(fc.nat(5), { maxLength: 4 }), (records, copies) => {
        const logs = deviceLogs(records);
        // Some logs handed in twice, as when a page of one log is re-read.
        const input = [...logs, ...copies.flatMap((i) => (logs[i] ? [logs[i]] : []))];
        const merged = [...mergeLogsSync(input)];
        expect(merged).toEqual([...records].sort(compareRecords));
        for (let i = 1; i < merged.length; i++) {
          expect(compareRecords(merged[i - 1] as LogRecord, merged[i] as LogRecord)).toBe(-1);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('mergeLogs (async)', () => {
  it('merges async and sync logs alike (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        recordSetArb(30),
        fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
        async (records, asAsync) => {
          const logs = deviceLogs(records).map((log, i) => (asAsync[i] ? slowly(log) : log));
          expect(await collect(mergeLogs(logs))).toEqual([...records].sort(compareRecords));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps one record per log in memory: a log is read only as far as needed', async () => {
    let read = 0;
    async function* counting(device: string): AsyncGenerator<LogRecord> {
      for (let t = 1; ; t++) {
        read++;
        yield rec(device, t);
      }
    }
    const out: LogRecord[] = [];
    for await (const record of mergeLogs([counting('a'), counting('b')])) {
      out.push(record);
      if (out.length === 10) break;
    }
    expect(ids(out)).toEqual([
      'a:1',
      'b:1',
      'a:2',
      'b:2',
      'a:3',
      'b:3',
      'a:4',
      'b:4',
      'a:5',
      'b:5',
    ]);
    expect(read).toBeLessThanOrEqual(12);
  });

  it('rejects an unsorted async log', async () => {
    await expect(collect(mergeLogs([slowly([rec('a', 2), rec('a', 2)])]))).rejects.toThrow(
      MergeOrderError,
    );
  });
});
