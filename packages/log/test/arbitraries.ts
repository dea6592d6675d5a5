// fast-check generators of small, collision-rich logs: few devices, few pings, few tags, and
// times that tie across devices, so merges, renames and deletes interact often.
import fc from 'fast-check';
import { compareRecords, type LogRecord } from '../src/index.js';

export const DEVICES = ['a', 'b', 'watch-1'];
export const TAGS = ['work', 'code', 'afk', 'off', 'eat', 'sleep'];
export const PINGS = [1700003368, 1700003660, 1700009822, 1700013932, 1700019178];

const tag = fc.constantFrom(...TAGS);
const tags = fc.uniqueArray(tag, { maxLength: 3 });

const body = {
  ping: fc.record(
    {
      ping: fc.constantFrom(...PINGS),
      tags,
      note: fc.string({ maxLength: 8 }),
      auto: fc.constant(true as const),
    },
    { requiredKeys: ['ping', 'tags'] },
  ),
  tag: fc.record(
    { tag, category: fc.constantFrom('job', 'life'), color: fc.constantFrom('#f00', '#0f0') },
    { requiredKeys: ['tag'] },
  ),
  config: fc.record({
    key: fc.constantFrom('schedule', 'quiet'),
    value: fc.oneof(fc.constantFrom('universal', 'ttw'), fc.integer(), fc.boolean()),
  }),
  error: fc.record({ message: fc.string({ maxLength: 10 }) }),
  event: fc.record({ name: fc.constantFrom('start', 'alarm', 'sync') }),
  command: fc.oneof(
    fc.record({ op: fc.constant('rename-tag' as const), from: tag, to: tag }),
    fc.record({ op: fc.constant('delete-ping' as const), ping: fc.constantFrom(...PINGS) }),
  ),
};

const kindAndBody = fc.oneof(
  { weight: 6, arbitrary: body.ping.map((b) => ({ kind: 'ping' as const, body: b })) },
  { weight: 1, arbitrary: body.tag.map((b) => ({ kind: 'tag' as const, body: b })) },
  { weight: 1, arbitrary: body.config.map((b) => ({ kind: 'config' as const, body: b })) },
  { weight: 1, arbitrary: body.error.map((b) => ({ kind: 'error' as const, body: b })) },
  { weight: 1, arbitrary: body.event.map((b) => ({ kind: 'event' as const, body: b })) },
  { weight: 2, arbitrary: body.command.map((b) => ({ kind: 'command' as const, body: b })) },
);

/** One record with a time in a narrow range (ties across devices are common). */
export const recordArb: fc.Arbitrary<LogRecord> = fc
  .record({
    device: fc.constantFrom(...DEVICES),
    t: fc.integer({ min: 1700000000000, max: 1700000000060 }),
    rest: kindAndBody,
  })
  .map(({ device, t, rest }) => ({ device, t, ...rest }) as LogRecord);

/** A set of records with distinct ids, in merged order. */
export const recordSetArb = (maxLength = 40): fc.Arbitrary<LogRecord[]> =>
  fc
    .uniqueArray(recordArb, { maxLength, selector: (r) => `${r.device}:${r.t}` })
    .map((records) => records.sort(compareRecords));

/** Splits records (in merged order) into per-device logs sorted by `t`. */
export function deviceLogs(records: readonly LogRecord[]): LogRecord[][] {
  const logs = new Map<string, LogRecord[]>();
  for (const record of records) {
    const log = logs.get(record.device) ?? [];
    log.push(record);
    logs.set(record.device, log);
  }
  return [...logs.values()].map((log) => log.sort((x, y) => x.t - y.t));
}

/** Any UTF-16 string, lone surrogates included (built by hand: fast, unlike unit 'binary'). */
export const anyString = (maxLength: number): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
        fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
      ),
      { maxLength },
    )
    .map((units) => units.join(''));

/** One apply call of an arrival, and whether the view is saved and resumed before it. */
export interface ArrivalStep {
  batch: LogRecord[];
  resume: boolean;
}

const copy = (record: LogRecord): LogRecord => JSON.parse(JSON.stringify(record));

/**
 * `records` (distinct ids, in merged order) as the merge may deliver them: each device's own
 * records in increasing `t`, devices interleaved at random, one device possibly held back to
 * the end (offline until then). Cut into batches, some handed over in reverse (a batch may be in
 * any order), some with a resend of a prefix of what a device already delivered, and with a save
 * through JSON and resume before some of them.
 */
export const mergeArrivalArb = (
  records: fc.Arbitrary<LogRecord[]>,
): fc.Arbitrary<{ records: LogRecord[]; steps: ArrivalStep[] }> =>
  records
    .chain((records) => {
      const picks = deviceLogs(records).flatMap((log, i) => log.map(() => i));
      const n = picks.length;
      return fc.record({
        records: fc.constant(records),
        order: fc.shuffledSubarray(picks, { minLength: n, maxLength: n }),
        late: fc.option(fc.nat(DEVICES.length - 1)),
        cuts: fc.array(fc.nat(n), { maxLength: 8 }),
        resume: fc.array(fc.boolean(), { maxLength: 10 }),
        reverse: fc.array(fc.boolean(), { maxLength: 10 }),
        resends: fc.array(fc.option(fc.tuple(fc.nat(), fc.nat())), { maxLength: 10 }),
      });
    })
    .map(({ records, order, late, cuts, resume, reverse, resends }) => {
      const logs = deviceLogs(records);
      const picks =
        late === null
          ? order
          : [...order.filter((i) => i !== late), ...order.filter((i) => i === late)];
      const next = logs.map(() => 0);
      const arrival = picks.map(
        (i) => (logs[i] as LogRecord[])[(next[i] as number)++] as LogRecord,
      );
      const bounds = [...new Set([...cuts, arrival.length])].sort((a, b) => a - b);
      const steps: ArrivalStep[] = [];
      let from = 0;
      bounds.forEach((to, k) => {
        const batch = arrival.slice(from, to);
        const resend = resends[k];
        if (resend && logs.length > 0) {
          const log = logs[resend[0] % logs.length] as LogRecord[];
          const delivered = arrival
            .slice(0, from)
            .filter((r) => r.device === log[0]?.device).length;
          batch.push(...log.slice(0, resend[1] % (delivered + 1)).map(copy));
        }
        if (reverse[k]) batch.reverse();
        steps.push({ batch, resume: resume[k] ?? false });
        from = to;
      });
      return { records, steps };
    });
