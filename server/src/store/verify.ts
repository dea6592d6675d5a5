import { validateRecord } from '@tagtime/log';
import type { Database, Key } from 'lmdb';
import type { LogIndexEntry } from './lmdb-store.js';
import type { VerifyReport } from './log-store.js';

const MAX_PROBLEMS = 100;

interface LogTally {
  userId: string;
  deviceId: string;
  count: number;
  last: number;
}

/**
 * Walks every record once and every index entry once: each record must be a valid record whose
 * `device` and `t` match its key, each log strictly increasing in `t`, and the `logs` index must
 * name exactly the logs that exist with their true head and count.
 */
export function verifyStore(
  records: Database<string, Key>,
  index: Database<LogIndexEntry, Key>,
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
    if (typeof userId !== 'string' || typeof deviceId !== 'string' || !Number.isSafeInteger(t)) {
      report(`record key ${JSON.stringify(key)} is not [user, device, t]`);
      continue;
    }
    const time = t as number;
    if (current === undefined || current.userId !== userId || current.deviceId !== deviceId) {
      const id = JSON.stringify([userId, deviceId]);
      if (tallies.has(id)) report(`log ${userId}/${deviceId} is not contiguous`);
      current = { userId, deviceId, count: 0, last: -1 };
      tallies.set(id, current);
    } else if (time <= current.last) {
      report(`log ${userId}/${deviceId}: t ${time} is not after ${current.last}`);
    }
    current.count += 1;
    current.last = time;
    checkRecord(userId, deviceId, time, value, report);
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
    if (value.head !== tally.last) {
      report(`index head of ${id} is ${value.head}, the last record is at ${tally.last}`);
    }
    if (value.count !== tally.count) {
      report(`index count of ${id} is ${value.count}, the log holds ${tally.count}`);
    }
  }
  for (const id of tallies.keys()) report(`log ${id} is missing from the index`);

  return { ok: problems.length === 0, logs: logCount, records: total, problems };
}

function checkRecord(
  userId: string,
  deviceId: string,
  t: number,
  value: string,
  report: (problem: string) => void,
): void {
  const where = `record ${userId}/${deviceId}/${t}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    report(`${where} is not JSON`);
    return;
  }
  const result = validateRecord(parsed);
  if (!result.ok) {
    report(`${where} is not a valid record: ${result.error.message}`);
    return;
  }
  if (result.record.device !== deviceId || result.record.t !== t) {
    report(`${where} holds device ${result.record.device} at t ${result.record.t}`);
  }
}
