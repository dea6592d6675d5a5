import type { TagSnapshot } from '@tagtime/log';
import { expect } from 'vitest';
import { AlarmSystem } from '../runtime/zos/alarm.js';
import { LocalStorageFake } from '../runtime/zos/storage.js';
import { MemoryFiles } from '../src/core/files.js';
import type { WatchPorts } from '../src/core/watch-app.js';

/** A watch's ports over fakes, with a clock the test moves. */
export function fakeWatch(startMs: number) {
  const clock = { now: startMs, offsetMinutes: 60 };
  const files = new MemoryFiles();
  const storage = new LocalStorageFake();
  const system = new AlarmSystem();
  const requests: { method: string; params: unknown }[] = [];
  let answer: (method: string, params: unknown) => Promise<unknown> = () =>
    Promise.reject({ code: 2, reason: 'ble disconnect' });
  const ports: WatchPorts = {
    files,
    storage,
    alarms: {
      set: (option) => system.set(option, clock.now),
      cancel: (id) => {
        system.cancel(id);
      },
      list: () => system.getAllAlarms(),
    },
    now: () => clock.now,
    offsetMinutes: () => clock.offsetMinutes,
    request: (method, params) => {
      requests.push({ method, params });
      return answer(method, params);
    },
  };
  return {
    clock,
    files,
    storage,
    system,
    ports,
    requests,
    answerWith(fn: (method: string, params: unknown) => Promise<unknown>) {
      answer = fn;
    },
  };
}

/** 2023-11-14 22:13:20 UTC, a Tuesday. */
export const T0 = 1_700_000_000_000;

/**
 * The kept snapshot is @tagtime/log's `tagSnapshot` of the fresh fold, up to rounding: the kept
 * scores sum the same weights in another order, so two tags whose scores differ by a last bit
 * may swap, and a score may round the other way at its third decimal.
 */
export function expectSnapshotOf(kept: TagSnapshot, fresh: TagSnapshot): void {
  expect(kept.asOf).toBe(fresh.asOf);
  expect(kept.renames).toEqual(fresh.renames);
  expect(kept.tags.map(([tag]) => tag).sort()).toEqual(fresh.tags.map(([tag]) => tag).sort());
  const score = new Map(fresh.tags);
  for (const [tag, value] of kept.tags) expect(value).toBeCloseTo(score.get(tag) as number, 2);
  const order = kept.tags.map(([tag]) => score.get(tag) as number);
  order.forEach((value, i) => {
    if (i > 0) expect(order[i - 1] as number).toBeGreaterThanOrEqual(value - 1e-9);
  });
}
