import type { Clock } from './clock.js';
import { Realm } from './realm.js';
import type { BleLink } from './zos/ble.js';
import type { SettingsStorageFake } from './zos/storage.js';

/** A settings-app component as the runtime records it: the tree the user sees and touches. */
export interface Node {
  type: string;
  props: Record<string, unknown>;
  children: unknown[];
}

const COMPONENTS = ['View', 'Section', 'Text', 'TextInput', 'Button', 'Toggle', 'Select'] as const;

/**
 * The Zepp phone app's part: the side service realm (zml's BaseSideService over the BLE relay,
 * `fetch` to a real server) and the settings app realm, both over one `settingsStorage`.
 */
export class Phone {
  readonly side: Realm;
  readonly settingsRealm: Realm;
  sideOptions: Record<string, (...a: unknown[]) => unknown> | undefined;
  settingsOptions: { build(props: unknown): unknown } | undefined;
  fetches = 0;
  inFlight = 0;
  /** Whether fetch answers carry the body as a string (some phones) or parsed JSON (others). */
  bodyAsString = false;

  constructor(
    private readonly appDir: string,
    readonly settings: SettingsStorageFake,
    ble: BleLink,
    clock: Clock,
  ) {
    const Logger = {
      getLogger: () => ({ log() {}, info() {}, warn() {}, error() {}, debug() {} }),
    };
    this.side = new Realm(
      {
        console,
        Buffer,
        URL,
        URLSearchParams,
        Date: clock.dateClass(),
        setTimeout: (fn: () => void, ms?: number) => clock.setTimeout(fn, ms),
        clearTimeout: (id: number) => clock.clearTimeout(id),
        Logger,
        messaging: ble.sideMessaging(),
        settings: { settingsStorage: settings },
        sideService: {
          appInfo: { app: { appName: 'TagTime' } },
          launchReasons: {},
          launchArgs: undefined,
        },
        transferFile: undefined,
        getApp: () => ({ port2: ble.sidePort }),
        fetch: (options: {
          url: string;
          method?: string;
          headers?: Record<string, string>;
          body?: string;
        }) => this.#fetch(options),
        AppSideService: (options: Record<string, (...a: unknown[]) => unknown>) => {
          this.sideOptions = options;
        },
      },
      () => undefined,
    );
    const components = Object.fromEntries(
      COMPONENTS.map((type) => [
        type,
        (props: Record<string, unknown> = {}, children: unknown = []): Node => ({
          type,
          props,
          children: Array.isArray(children) ? children : [children],
        }),
      ]),
    );
    this.settingsRealm = new Realm(
      {
        console,
        Date: clock.dateClass(),
        ...components,
        AppSettingsPage: (options: { build(props: unknown): unknown }) => {
          this.settingsOptions = options;
        },
      },
      () => undefined,
    );
  }

  /** Starts the side service (the phone app does when the watch app connects). */
  startSide(): void {
    this.side.run(`${this.appDir}/app-side/index.js`);
    this.sideOptions?.onInit?.call(this.sideOptions);
    this.sideOptions?.onRun?.call(this.sideOptions);
    this.settingsRealm.run(`${this.appDir}/setting/index.js`);
  }

  async #fetch(options: {
    url: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
  }) {
    this.fetches++;
    this.inFlight++;
    try {
      const response = await fetch(options.url, {
        method: options.method ?? 'GET',
        headers: options.headers ?? {},
        ...(options.body === undefined ? {} : { body: options.body }),
      });
      const text = await response.text();
      let body: unknown = text;
      if (!this.bodyAsString) {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      return { status: response.status, statusText: response.statusText, headers: {}, body };
    } catch (error) {
      throw { code: 'NETWORK', message: (error as Error).message };
    } finally {
      this.inFlight--;
    }
  }

  /** The settings app as the user sees it now (it is rebuilt from settingsStorage each time). */
  settingsTree(): Node {
    return this.settingsOptions?.build({ settingsStorage: this.settings }) as Node;
  }

  #all(node: unknown, out: Node[] = []): Node[] {
    if (typeof node !== 'object' || node === null) return out;
    const n = node as Node;
    out.push(n);
    for (const child of n.children ?? []) this.#all(child, out);
    return out;
  }

  settingsText(): string {
    const lines: string[] = [];
    for (const n of this.#all(this.settingsTree())) {
      if (n.type === 'Section') lines.push(`  — ${String(n.props.title)} —`);
      if (n.type === 'Text') lines.push(`  ${n.children.join('')}`);
      if (n.type === 'TextInput')
        lines.push(`  ${String(n.props.label)}: ${String(n.props.value ?? '')}`);
      if (n.type === 'Button') lines.push(`  (${String(n.props.label)})`);
    }
    return lines.join('\n');
  }

  /** Types into a settings field (by label) as the user would. */
  enter(label: string, value: string): void {
    const input = this.#all(this.settingsTree()).find(
      (n) => n.type === 'TextInput' && n.props.label === label,
    );
    if (!input) throw new Error(`no settings field "${label}":\n${this.settingsText()}`);
    (input.props.onChange as (v: string) => void)(value);
  }

  press(label: string): void {
    const button = this.#all(this.settingsTree()).find(
      (n) => n.type === 'Button' && n.props.label === label,
    );
    if (!button) throw new Error(`no settings button "${label}":\n${this.settingsText()}`);
    (button.props.onClick as () => void)();
  }
}
