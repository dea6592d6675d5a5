// A log cursor hands out each record's canonical JSON as bytes copied out of lmdb-js's shared
// read buffer, and the pull stream copies them on into its chunks: the bytes must be the stored
// text exactly, whatever the record's size and however cursors of several logs interleave.
import { Readable } from 'node:stream';
import { canonicalJson, type LogRecord } from '@tagtime/log';
import { expect, test } from 'vitest';
import { PullPageStream } from '../../src/lib/raw-json.js';
import { PullScan, pullRecords } from '../../src/store/pull.js';
import { makeRecords } from '../helpers/fixtures.js';
import { storePerTest } from '../helpers/temp-store.js';

const temp = storePerTest();

const text = new TextDecoder();

/** Records whose JSON is about `sizes[i]` bytes: small, past the cursor's first buffer, past
 * the cached views, past a stream chunk (64 KiB) and past lmdb-js's first read buffer. */
function sized(device: string, t0: number, sizes: number[]): LogRecord[] {
  return sizes.map((size, i) => ({
    device,
    t: t0 + i,
    kind: 'event',
    body: { name: 'sized', data: { pad: 'é'.repeat(Math.ceil(size / 2)) } },
  }));
}

const SIZES = [10, 300, 10, 5000, 300, 40, 70_000, 10, 200_000, 300, 12, 9000, 10, 3];

test('a cursor reads every record back as its canonical JSON, small and large', async () => {
  const records = sized('dev_a', 1000, SIZES);
  await temp.store.append('usr_1', 'dev_a', records);
  const cursor = temp.store.openLog('usr_1', 'dev_a');
  const read: string[] = [];
  while (cursor.next()) read.push(text.decode(cursor.record()));
  expect(read).toEqual(records.map((record) => canonicalJson(record)));
  expect(cursor.next()).toBe(false);
});

test('cursors of two logs read in turn each keep their own record', async () => {
  const a = sized('dev_a', 1000, SIZES);
  const b = makeRecords('dev_b', 1000, SIZES.length);
  await temp.store.append('usr_1', 'dev_a', a);
  await temp.store.append('usr_1', 'dev_b', b);
  const ca = temp.store.openLog('usr_1', 'dev_a');
  const cb = temp.store.openLog('usr_1', 'dev_b', 1001);
  const pairs: Array<[string, string]> = [];
  while (ca.next() && cb.next()) pairs.push([text.decode(ca.record()), text.decode(cb.record())]);
  expect(pairs).toEqual(
    b.slice(2).map((record, i) => [canonicalJson(a[i] as LogRecord), canonicalJson(record)]),
  );
  ca.close();
  cb.close();
  expect(ca.next()).toBe(false);
});

test('a page streamed from the cursors is the merged page as one JSON document', async () => {
  await temp.store.append('usr_1', 'dev_a', sized('dev_a', 1000, SIZES));
  await temp.store.append('usr_1', 'dev_b', makeRecords('dev_b', 1000, 5000, 3));
  const expected = await pullRecords(temp.store, 'usr_1', { after: {}, limit: 4000 });
  const stream = new PullPageStream(
    await PullScan.open(temp.store, 'usr_1', { after: {}, limit: 4000 }),
  );
  const chunks: Buffer[] = [];
  for await (const chunk of Readable.from(stream)) chunks.push(chunk as Buffer);
  expect(chunks.length).toBeGreaterThan(3);
  const page = JSON.parse(Buffer.concat(chunks).toString()) as { records: LogRecord[] };
  expect(page.records.map((record) => canonicalJson(record))).toEqual(
    expected.records.map((record) => record.json),
  );
  expect(page.records.some((record) => record.device === 'dev_a' && record.t === 1008)).toBe(true);
});
