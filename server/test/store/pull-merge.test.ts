// A pull is the user's records after the cursor in (t, device) order, whatever the number of
// logs, their times (ties between devices included), the cursor and the page size: checked
// against a plain sort of every stored record.
import type { Cursor, LogRecord } from '@tagtime/log';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { pullRecords } from '../../src/store/pull.js';
import { makeRecords } from '../helpers/fixtures.js';
import { storePerTest } from '../helpers/temp-store.js';

const temp = storePerTest();

/** Up to seven logs, each a set of times from a narrow range, so devices often share a `t`. */
const logsArb = fc.array(fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 25 }), {
  minLength: 1,
  maxLength: 7,
});

interface Id {
  device: string;
  t: number;
}

const byTimeThenDevice = (a: Id, b: Id) =>
  a.t - b.t || (a.device < b.device ? -1 : a.device > b.device ? 1 : 0);

test('pages of any size after any cursor are the sorted records after it', async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(
      logsArb,
      fc.array(fc.option(fc.integer({ min: 0, max: 61 }), { nil: undefined }), { maxLength: 7 }),
      fc.integer({ min: 1, max: 40 }),
      async (logs, cursorTimes, limit) => {
        run += 1;
        const userId = `usr_${run}`;
        const all: Id[] = [];
        for (const [i, times] of logs.entries()) {
          // Device names in an order unlike their index, so a tie is not decided by insertion.
          const device = `dev_${(7 - i) % 7}_${i}`;
          const sorted = [...times].sort((a, b) => a - b);
          for (const t of sorted) all.push({ device, t });
          const records = sorted.map((t) => makeRecords(device, t, 1)[0] as LogRecord);
          if (records.length > 0) await temp.store.append(userId, device, records);
        }
        const after: Cursor = {};
        for (const [i, t] of cursorTimes.entries()) {
          if (t !== undefined && i < logs.length) after[`dev_${(7 - i) % 7}_${i}`] = t;
        }
        const wanted = all
          .filter((id) => after[id.device] === undefined || id.t > (after[id.device] as number))
          .sort(byTimeThenDevice);

        // Every page in turn, from the given cursor to the end.
        const got: Id[] = [];
        let cursor = after;
        for (let pages = 0; ; pages++) {
          const page = await pullRecords(temp.store, userId, { after: cursor, limit });
          expect(page.records.length).toBe(Math.min(limit, wanted.length - got.length));
          for (const record of page.records) {
            expect(JSON.parse(record.json)).toMatchObject({ device: record.device, t: record.t });
            got.push({ device: record.device, t: record.t });
          }
          for (const record of page.records) {
            expect(page.cursor[record.device]).toBeGreaterThanOrEqual(record.t);
          }
          cursor = page.cursor;
          expect(page.more).toBe(got.length < wanted.length);
          if (!page.more) break;
          expect(pages).toBeLessThan(wanted.length);
        }
        expect(got).toEqual(wanted);
      },
    ),
    { numRuns: 40 },
  );
});
