/** The watch's view of the simulated clock: its own time (maybe wrong) over the shared timers. */
export interface WatchClock {
  now(): number;
  setTimeout(fn: () => void, delay?: number): number;
  clearTimeout(id: unknown): void;
}

import type { AlarmSystem } from './alarm.js';
import type { BleLink } from './ble.js';
import { zosFs } from './fs.js';
import type { LocalStorageFake } from './storage.js';
import type { Screen } from './ui.js';

export interface DeviceParts {
  clock: WatchClock;
  alarms: AlarmSystem;
  ble: BleLink;
  screen: Screen;
  storage: LocalStorageFake;
  dataDir: string;
  offsetMinutes: () => number;
  shape: 'round' | 'square';
  vibrations: string[];
  timeListeners: (() => void)[];
  router: {
    push(o: { url: string; params?: unknown }): void;
    replace(o: { url: string; params?: unknown }): void;
    back(): void;
    exit(): void;
  };
}

const VIBRATOR_SCENES = {
  VIBRATOR_SCENE_SHORT_LIGHT: 23,
  VIBRATOR_SCENE_SHORT_MIDDLE: 24,
  VIBRATOR_SCENE_SHORT_STRONG: 25,
  VIBRATOR_SCENE_DURATION: 9,
  VIBRATOR_SCENE_DURATION_LONG: 10,
  VIBRATOR_SCENE_STRONG_REMINDER: 27,
  VIBRATOR_SCENE_NOTIFICATION: 0,
  VIBRATOR_SCENE_CALL: 1,
  VIBRATOR_SCENE_TIMER: 5,
};

class EventBus {
  #map = new Map<string, ((...a: unknown[]) => void)[]>();
  on(name: string, fn: (...a: unknown[]) => void) {
    this.#map.set(name, [...(this.#map.get(name) ?? []), fn]);
  }
  off(name?: string, fn?: (...a: unknown[]) => void) {
    if (!name) this.#map.clear();
    else if (!fn) this.#map.delete(name);
    else
      this.#map.set(
        name,
        (this.#map.get(name) ?? []).filter((f) => f !== fn),
      );
  }
  emit(name: string, ...args: unknown[]) {
    for (const fn of this.#map.get(name) ?? []) fn(...args);
  }
}

const quietLogger = { log() {}, info() {}, warn() {}, error() {}, debug() {} };

/** The `@zos/*` modules of one simulated watch, by name (what zeus's loader resolves). */
export function deviceModules(parts: DeviceParts): (name: string) => unknown {
  const { clock } = parts;
  const messages = new Map<string, ((...a: unknown[]) => void)[]>();
  const local = () => new Date(clock.now() + parts.offsetMinutes() * 60_000);
  class Time {
    getTime = () => clock.now();
    getFullYear = () => local().getUTCFullYear();
    getMonth = () => local().getUTCMonth() + 1;
    getDate = () => local().getUTCDate();
    getHours = () => local().getUTCHours();
    getMinutes = () => local().getUTCMinutes();
    getSeconds = () => local().getUTCSeconds();
    getDay = () => local().getUTCDay();
    onPhoneTimeSetting = (fn: () => void) => parts.timeListeners.push(fn);
    onPerMinute = () => {};
    onPerDay = () => {};
  }
  class Vibrator {
    start(option?: { mode?: number }) {
      parts.vibrations.push(
        `start ${option?.mode ?? VIBRATOR_SCENES.VIBRATOR_SCENE_SHORT_MIDDLE} @${clock.now()}`,
      );
    }
    stop() {
      parts.vibrations.push(`stop @${clock.now()}`);
    }
    setMode() {}
  }
  class LocalStorage {
    setItem = (k: string, v: unknown) => parts.storage.setItem(k, v);
    getItem = (k: string, d?: unknown) => parts.storage.getItem(k, d);
    removeItem = (k: string) => parts.storage.removeItem(k);
    clear = () => parts.storage.clear();
  }
  const size = parts.shape === 'round' ? { width: 480, height: 480 } : { width: 390, height: 450 };
  const table: Record<string, unknown> = {
    '@zos/alarm': {
      REPEAT_ONCE: 0,
      set: (o: { url: string; time?: number; param?: string }) => parts.alarms.set(o, clock.now()),
      cancel: (o: number | { id: number }) => parts.alarms.cancel(o),
      getAllAlarms: () => parts.alarms.getAllAlarms(),
    },
    '@zos/fs': zosFs(parts.dataDir),
    '@zos/storage': { LocalStorage, localStorage: new LocalStorage() },
    '@zos/sensor': { Time, Vibrator, ...VIBRATOR_SCENES },
    '@zos/ui': parts.screen.module(),
    '@zos/router': { ...parts.router, home: () => parts.router.exit() },
    '@zos/device': {
      SCREEN_SHAPE_ROUND: 0,
      SCREEN_SHAPE_SQUARE: 1,
      getDeviceInfo: () => ({
        ...size,
        screenShape: parts.shape === 'round' ? 0 : 1,
        deviceName: 'simulated',
      }),
    },
    '@zos/ble': parts.ble.deviceModule(),
    '@zos/timer': {
      setTimeout: (fn: () => void, ms?: number) => clock.setTimeout(fn, ms),
      clearTimeout: (id: number) => clock.clearTimeout(id),
    },
    '@zos/app': {
      getPackageInfo: () => ({ appId: 1093451, name: 'TagTime' }),
      onMessage: (key: string, fn: (...a: unknown[]) => void) =>
        messages.set(key, [...(messages.get(key) ?? []), fn]),
      offMessage: (key: string) => messages.delete(key),
      postMessage: (key: string, data: unknown) => {
        for (const fn of messages.get(key) ?? []) setImmediate(() => fn({ key }, data));
      },
    },
    '@zos/utils': { log: { getLogger: () => quietLogger }, EventBus, px: (n: number) => n },
    '@zos/i18n': { getText: (key: string) => key },
    '@zos/settings': {},
    '@zos/interaction': { showToast: () => {} },
    '@zos/display': { setPageBrightTime: () => 0, pauseDropWristScreenOff: () => 0 },
  };
  return (name) => table[name];
}
