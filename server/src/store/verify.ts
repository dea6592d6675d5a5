import { validateRecord } from '@tagtime/log';
import type { Database, DatabaseOptions, Key, RootDatabase } from 'lmdb';
import { LmdbBucketCounts } from './bucket-counts.js';
import { KeptViews } from './kept-views.js';
import { rebuildAllViews, verifyViews } from './kept-views-upkeep.js';
import { recordTimeKeys } from './keys.js';
import { type LogIndexEntry, openLogIndex } from './log-index.js';
import type { VerifyReport } from './log-store.js';

const MAX_PROBLEMS = 100;

/** Name of the database where `repairStore` keeps the records it takes out of the logs. */
export const QUARANTINE_DB = 'quarantine';

interface LogTally {
  userId: string;
  deviceId: string;
  count: number;
  last: number;
}

/** A record time as keys must hold it: a safe integer ≥ 0 (`-0` is not one: see schema.ts). */
function isTime(t: unknown): t is number {
  return Number.isSafeInteger(t) && (t as number) >= 0 && !Object.is(t, -0);
}

/**
 * Walks every record once and every index entry once: each record must be a valid record whose
 * `device` and `t` match its key and whose `t` is at most MAX_FUTURE_MS after `now`, each log
 * strictly increasing in `t`, and the `logs` index must name exactly the logs that exist with
 * their true head and count.
 */
export function verifyStore(
  records: Database<string, Key>,
  index: Database<LogIndexEntry, Key>,
  now: number = Date.now(),
  /** Checks of secondary indexes, reporting through the same list. */
  moreChecks?: (report: (problem: string) => void) => void,
): VerifyReport {
  const problems: string[] = [];
  const report = (problem: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };
  const tallies = new Map<string, LogTally>();
  let current: LogTally | undefined;
  let total = 0;

  for (const { key, value } of records.getRange({})) {
    total += 1;
    const [userId, deviceId, t] = key as [unknown, unknown, unknown];
    if (typeof userId !== 'string' || typeof deviceId !== 'string' || !isTime(t)) {
      report(`record key ${JSON.stringify(key)} is not [user, device, t]`);
      continue;
    }
    if (current === undefined || current.userId !== userId || current.deviceId !== deviceId) {
      const id = JSON.stringify([userId, deviceId]);
      if (tallies.has(id)) report(`log ${userId}/${deviceId} is not contiguous`);
      current = { userId, deviceId, count: 0, last: -1 };
      tallies.set(id, current);
    } else if (t <= current.last) {
      report(`log ${userId}/${deviceId}: t ${t} is not after ${current.last}`);
    }
    current.count += 1;
    current.last = t;
    const problem = recordProblem(deviceId, t, value, now);
    if (problem !== undefined) report(`record ${userId}/${deviceId}/${t} ${problem}`);
  }

  let logCount = 0;
  for (const { key, value } of index.getRange({})) {
    logCount += 1;
    const id = JSON.stringify(key);
    const tally = tallies.get(id);
    if (tally === undefined) {
      report(`index names log ${id} with no records`);
      continue;
    }
    tallies.delete(id);
    if (value.head !== tally.last || Object.is(value.head, -0)) {
      report(`index head of ${id} is ${value.head}, the last record is at ${tally.last}`);
    }
    if (value.count !== tally.count) {
      report(`index count of ${id} is ${value.count}, the log holds ${tally.count}`);
    }
  }
  for (const id of tallies.keys()) report(`log ${id} is missing from the index`);
  moreChecks?.(report);

  return { ok: problems.length === 0, logs: logCount, records: total, problems };
}

/** What is wrong with the record stored at `[…, deviceId, t]`, as the end of a sentence. */
function recordProblem(
  deviceId: string,
  t: number,
  value: string,
  now: number,
): string | undefined {
  const parsed = parseRecord(value, now);
  if (!parsed.ok) return parsed.problem;
  if (parsed.device !== deviceId || parsed.t !== t) {
    return `holds device ${parsed.device} at t ${parsed.t}`;
  }
  return undefined;
}

type ParsedRecord = { ok: true; device: string; t: number } | { ok: false; problem: string };

function parseRecord(value: string, now: number): ParsedRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return { ok: false, problem: 'is not JSON' };
  }
  const result = validateRecord(parsed, undefined, { now });
  if (!result.ok) return { ok: false, problem: `is not a valid record: ${result.error.message}` };
  return { ok: true, device: result.record.device, t: result.record.t };
}

export interface RepairReport {
  /** Records moved to the key their content names (a `t: -0` record under a non-numeric key). */
  moved: number;
  /** Stray copies removed because the same record is stored under its own key. */
  removed: number;
  /**
   * Records taken out of the logs into the `quarantine` database, kept with their key and the
   * reason: unreadable, of another device than their key, out of order, or more than
   * MAX_FUTURE_MS after `now` (a far-future record ends a log's growth).
   */
  quarantined: number;
  /** `logs` index entries written or removed to match the records. */
  indexFixed: number;
  /** `verifyStore` after the repair. */
  after: VerifyReport;
}

interface QuarantineEntry {
  key: Key;
  json: string;
  reason: string;
  at: number;
}

/**
 * Repairs what `verifyStore` finds, losing nothing: a record under a key that is not
 * `[user, device, t]` but whose content is a valid record of that user's device moves to its
 * own key (or, when the same record is there already, the stray copy goes); every other bad
 * record moves to the `quarantine` database with the reason; then the `logs` index and the
 * bucket counts and every user's kept view are rebuilt from the records. The moves are one batch of writes (lmdb-js commits
 * writes queued together in one transaction), the rebuild a second transaction; a run cut short
 * is finished by running it again. Run it with the server stopped: a running server's caches
 * would not see the change.
 */
export async function repairStore(
  env: RootDatabase,
  now: number = Date.now(),
): Promise<RepairReport> {
  const records = env.openDB<string, Key>({ name: 'records', encoding: 'string' });
  // The same database with its keys as stored bytes: a `-0` key does not survive a decode and
  // re-encode (it decodes to a different array), so removing it needs the original bytes.
  // (Only lmdb-js's asynchronous `remove` finds a record by such a key, hence the batch.)
  const rawRecords = env.openDB<string, Buffer>({
    name: 'records',
    encoding: 'string',
    keyEncoding: 'binary',
  });
  const index = openLogIndex(env);
  const quarantine = env.openDB<QuarantineEntry, Key>({ name: QUARANTINE_DB, encoding: 'msgpack' });
  const counts = { moved: 0, removed: 0, quarantined: 0, indexFixed: 0 };
  const buckets = new LmdbBucketCounts(env);
  const recordsByTime = env.openDB<string, Key>({
    name: 'records',
    encoding: 'string',
    keyEncoder: recordTimeKeys,
  } as DatabaseOptions & { name: string });
  const views = new KeptViews(env, { recordsByTime, index }, 0);

  const writes: Promise<unknown>[] = [];
  let sequence = 0;
  const setAside = (raw: Buffer, key: Key, json: string, reason: string) => {
    writes.push(quarantine.put([now, sequence++], { key, json, reason, at: now }));
    writes.push(rawRecords.remove(raw));
    counts.quarantined += 1;
  };
  for (const bad of findBadRecords(records, rawRecords, now)) {
    const { raw, key, json, problem } = bad;
    const [userId, deviceId, t] = key as [unknown, unknown, unknown];
    const parsed = parseRecord(json, now);
    const movable =
      parsed.ok && typeof userId === 'string' && deviceId === parsed.device && !isTime(t);
    if (!movable || !parsed.ok) {
      setAside(raw, key, json, problem);
      continue;
    }
    const target: Key = [userId, parsed.device, parsed.t];
    const there = records.get(target);
    if (there === undefined) {
      writes.push(records.put(target, json));
      writes.push(rawRecords.remove(raw));
      counts.moved += 1;
    } else if (there === json) {
      writes.push(rawRecords.remove(raw));
      counts.removed += 1;
    } else {
      setAside(raw, key, json, `${problem}; a different record is stored at its own key`);
    }
  }
  await Promise.all(writes);
  env.transactionSync(() => {
    counts.indexFixed = rebuildIndex(records, index);
    // The support queries' counts and the kept views follow the records that stayed.
    buckets.build(records);
    rebuildAllViews(views);
  });
  return {
    ...counts,
    after: verifyStore(records, index, now, (report) => {
      buckets.verify(records, report);
      verifyViews(views, report);
    }),
  };
}

interface BadRecord {
  raw: Buffer;
  key: Key;
  json: string;
  problem: string;
}

/**
 * Every record `verifyStore` would complain about, with its stored key bytes. The decoded and
 * the raw view are read in lockstep (same database, same transaction, so the same order).
 */
function findBadRecords(
  records: Database<string, Key>,
  rawRecords: Database<string, Buffer>,
  now: number,
): BadRecord[] {
  const bad: BadRecord[] = [];
  const raws = rawRecords.getRange({})[Symbol.iterator]();
  let last: { log: string; t: number } | undefined;
  for (const { key, value } of records.getRange({})) {
    const raw = raws.next();
    if (raw.done || raw.value.value !== value) {
      throw new Error('repair: the two views of the records database disagree; nothing changed');
    }
    const [userId, deviceId, t] = key as [unknown, unknown, unknown];
    let problem: string | undefined;
    if (typeof userId !== 'string' || typeof deviceId !== 'string' || !isTime(t)) {
      problem = `key ${JSON.stringify(key)} is not [user, device, t]`;
    } else {
      const log = JSON.stringify([userId, deviceId]);
      if (last !== undefined && last.log === log && t <= last.t) {
        problem = `t ${t} is not after ${last.t}`;
      } else {
        problem = recordProblem(deviceId, t, value, now);
      }
      if (problem === undefined) last = { log, t };
    }
    // lmdb-js may reuse a key buffer for the next entry: keep a copy.
    if (problem !== undefined)
      bad.push({ raw: Buffer.from(raw.value.key), key, json: value, problem });
  }
  return bad;
}

/** Rewrites the `logs` index to the true head and count of every log; returns entries changed. */
function rebuildIndex(records: Database<string, Key>, index: Database<LogIndexEntry, Key>): number {
  const truth = new Map<string, { key: Key; entry: LogIndexEntry }>();
  for (const key of records.getKeys({})) {
    const [userId, deviceId, t] = key as [string, string, number];
    const id = JSON.stringify([userId, deviceId]);
    const log = truth.get(id);
    if (log === undefined) truth.set(id, { key: [userId, deviceId], entry: { head: t, count: 1 } });
    else log.entry = { head: t, count: log.entry.count + 1 };
  }
  let changed = 0;
  for (const { key, value } of [...index.getRange({})]) {
    const id = JSON.stringify(key);
    const log = truth.get(id);
    if (log === undefined) {
      index.removeSync(key);
      changed += 1;
    } else if (log.entry.head !== value.head || log.entry.count !== value.count) {
      index.putSync(key, log.entry);
      changed += 1;
    }
    truth.delete(id);
  }
  for (const { key, entry } of truth.values()) {
    index.putSync(key, entry);
    changed += 1;
  }
  return changed;
}
