import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Clock } from './clock.js';
import { Phone } from './phone.js';
import { Realm } from './realm.js';
import { AlarmSystem } from './zos/alarm.js';
import { BleLink } from './zos/ble.js';
import { deviceModules } from './zos/modules.js';
import { LocalStorageFake, SettingsStorageFake } from './zos/storage.js';
import { Screen } from './zos/ui.js';

type Options = Record<string, ((...a: unknown[]) => unknown) | unknown>;
type Lifecycle = Record<string, (...a: unknown[]) => unknown>;

export interface SimulationOptions {
  /** The zeus project folder (`dist/zeus`): the real built files run here. */
  appDir: string;
  startMs: number;
  /** The watch's data folder; a new temp folder when absent. */
  dataDir?: string;
  offsetMinutes?: number;
  shape?: 'round' | 'square';
  /** Where an alarm's `param` shows up: the page's onInit (samples), app onCreate (docs), or nowhere. */
  alarmParam?: 'page' | 'app' | 'lost';
  /** How far the watch's own clock is ahead of the phone's (and the server's); 0 by default. */
  watchAheadMs?: number;
}

export const HOME = 'page/home/index.page';

/**
 * A watch and its phone in one Node process: the built app files in a watch realm over faithful
 * `@zos/*` fakes, the side service and settings app in phone realms, zml's messages over a BLE
 * link that can be cut, and one clock that moves only when told.
 */
export class Simulation {
  readonly clock: Clock;
  readonly alarms = new AlarmSystem();
  readonly ble = new BleLink();
  readonly screen = new Screen();
  readonly storage = new LocalStorageFake();
  readonly settings = new SettingsStorageFake();
  readonly phone: Phone;
  readonly dataDir: string;
  readonly vibrations: string[] = [];
  /** Exceptions thrown by lifecycle calls; the device logs and survives them, so do we. */
  readonly errors: string[] = [];
  offsetMinutes: number;
  alarmParam: 'page' | 'app' | 'lost';
  /** The watch's clock minus the phone's: a watch set wrong. Alarms ring by the watch's clock. */
  watchAheadMs: number;
  #timeListeners: (() => void)[] = [];
  #realm: Realm | undefined;
  #app: Options | undefined;
  #page: { url: string; options: Options } | undefined;
  #stack: string[] = [];
  #captured: Options | undefined;

  constructor(private readonly options: SimulationOptions) {
    this.clock = new Clock(options.startMs);
    this.offsetMinutes = options.offsetMinutes ?? 0;
    this.alarmParam = options.alarmParam ?? 'page';
    this.watchAheadMs = options.watchAheadMs ?? 0;
    this.dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tagtime-watch-data-'));
    this.phone = new Phone(options.appDir, this.settings, this.ble, this.clock);
    this.phone.startSide();
  }

  get running(): boolean {
    return this.#app !== undefined;
  }

  get page(): string | undefined {
    return this.#page?.url;
  }

  /** The WatchApp inside the watch realm (for tests that read its state). */
  watchApp(): { state: Record<string, unknown>; unsynced(): number; log: { size: number } } {
    const data = (this.#app?.globalData ?? {}) as { watch?: unknown };
    if (!data.watch) throw new Error('the watch app is not running');
    return data.watch as never;
  }

  logBytes(): number {
    try {
      return statSync(join(this.dataDir, 'tagtime.log')).size;
    } catch {
      return 0;
    }
  }

  /** The watch's own clock, unix ms. */
  watchNow(): number {
    return this.clock.now() + this.watchAheadMs;
  }

  #newRealm(): Realm {
    const watchClock = {
      now: () => this.watchNow(),
      setTimeout: (fn: () => void, ms?: number) => this.clock.setTimeout(fn, ms),
      clearTimeout: (id: unknown) => this.clock.clearTimeout(id),
    };
    const modules = deviceModules({
      clock: watchClock,
      alarms: this.alarms,
      ble: this.ble,
      screen: this.screen,
      storage: this.storage,
      dataDir: this.dataDir,
      offsetMinutes: () => this.offsetMinutes,
      shape: this.options.shape ?? 'round',
      vibrations: this.vibrations,
      timeListeners: this.#timeListeners,
      router: {
        push: ({ url, params }) => this.#navigate(url, params, 'push'),
        replace: ({ url, params }) => this.#navigate(url, params, 'replace'),
        back: () => {
          const previous = this.#stack.pop();
          if (previous) this.#open(previous, undefined);
          else this.exit();
        },
        exit: () => setImmediate(() => this.exit()),
      },
    });
    return new Realm(
      {
        console,
        Buffer,
        Promise,
        Date: this.clock.dateClass(() => this.watchNow()),
        setTimeout: (fn: () => void, ms?: number) => this.clock.setTimeout(fn, ms),
        clearTimeout: (id: number) => this.clock.clearTimeout(id),
        __$$R$$__: modules,
        __$$app$$__: { __globals__: { __scopedGlobals__: {} } },
        __$$module$$__: { id: 'app' },
        App: (options: Options) => {
          this.#captured = options;
        },
        Page: (options: Options) => {
          this.#captured = options;
        },
        getApp: () => ({ _options: this.#app }),
        getCurrentPage: () => ({ _options: this.#page?.options }),
      },
      modules,
    );
  }

  /** Starts the app (a tap on its icon, or an alarm) and opens `url`. */
  launch(url = HOME, param?: string): void {
    if (this.running) this.exit();
    this.#realm = this.#newRealm();
    this.#timeListeners.length = 0;
    this.#realm.run(join(this.options.appDir, 'app.js'));
    this.#app = this.#captured as Options;
    (this.#app.onCreate as (p?: string) => void).call(
      this.#app,
      this.alarmParam === 'app' ? param : undefined,
    );
    this.#stack = [];
    this.#open(url, this.alarmParam === 'page' ? param : undefined);
  }

  #open(url: string, param: unknown): void {
    const realm = this.#realm as Realm;
    if (this.#page) this.#lifecycle(this.#page.options, 'onDestroy');
    this.screen.clear();
    realm.run(join(this.options.appDir, `${url}.js`), { __$$module$$__: { id: url } });
    const options = this.#captured as Options;
    this.#page = { url, options };
    (options.onInit as (p?: unknown) => void)?.call(options, param);
    (options.build as () => void)?.call(options);
  }

  #navigate(url: string, params: unknown, how: 'push' | 'replace'): void {
    if (how === 'push' && this.#page) this.#stack.push(this.#page.url);
    this.#open(url, params);
  }

  #lifecycle(target: Options | undefined, name: string): void {
    try {
      (target?.[name] as Lifecycle[string] | undefined)?.call(target);
    } catch (error) {
      this.errors.push(`${name}: ${(error as Error).message}`);
    }
  }

  /** The app closes (the user leaves it, or the system ends it). */
  exit(): void {
    if (!this.#app) return;
    // zml's onDestroy sends a close frame, which throws while Bluetooth is down.
    if (this.#page) this.#lifecycle(this.#page.options, 'onDestroy');
    this.#lifecycle(this.#app, 'onDestroy');
    this.#page = undefined;
    this.#app = undefined;
    this.screen.clear();
  }

  /** The process dies without any lifecycle call (a crash, a flat battery): files stay. */
  crash(): void {
    this.#page = undefined;
    this.#app = undefined;
    this.screen.clear();
  }

  tap(target: number | string): void {
    this.screen.tap(target);
  }

  screenText(): string {
    if (!this.running) return '  (watch face: TagTime is not open)';
    return `  ─ ${this.page} ─\n${this.screen.text()}`;
  }

  /** The phone sets the watch's clock (or time zone): the app's listeners hear of it. */
  setClock(ms: number, offsetMinutes = this.offsetMinutes): void {
    this.clock.set(ms);
    this.offsetMinutes = offsetMinutes;
    for (const listener of [...this.#timeListeners]) listener();
  }

  /**
   * Moves time forward by `ms`: each alarm that comes due launches the app at its page (closing
   * what is open), and `onAlarm` may answer it before time moves on.
   */
  async advance(ms: number, onAlarm?: (sim: this) => Promise<void> | void): Promise<void> {
    const target = this.clock.now() + ms;
    for (;;) {
      const nextAlarm = this.alarms.nextTime();
      // Alarm times are on the watch's clock, `watchAheadMs` ahead of the shared one.
      const due = nextAlarm === undefined ? undefined : nextAlarm * 1000 - this.watchAheadMs;
      if (due === undefined || due > target) break;
      this.clock.runTimersUntil(Math.max(this.clock.now(), due));
      for (const alarm of this.alarms.takeDue(Math.floor(this.watchNow() / 1000))) {
        this.launch(alarm.url, alarm.param);
        await this.idle();
        await onAlarm?.(this);
        await this.idle();
      }
    }
    this.clock.runTimersUntil(target);
    await this.idle();
  }

  /** Waits until no message is in flight between watch, phone and server for a few turns. */
  async idle(deadlineMs = 30_000): Promise<void> {
    const deadline = Date.now() + deadlineMs;
    let quiet = 0;
    while (quiet < 20) {
      if (Date.now() > deadline) throw new Error('the simulation did not settle');
      await new Promise((r) => setImmediate(r));
      quiet = this.ble.inFlight === 0 && this.phone.inFlight === 0 ? quiet + 1 : 0;
      if (this.phone.inFlight > 0) await new Promise((r) => setTimeout(r, 5));
    }
  }
}
