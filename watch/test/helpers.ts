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
