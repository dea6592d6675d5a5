/**
 * `@zos/storage` LocalStorage with the firmware quirk zepp-os.md names: numbers come back as
 * strings. Values are kept as the device keeps them (strings), in a Map the test can inspect.
 */
export class LocalStorageFake {
  readonly values = new Map<string, string>();

  setItem(key: string, value: unknown): void {
    this.values.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  }

  getItem(key: string, defaultValue?: unknown): unknown {
    return this.values.has(key) ? this.values.get(key) : defaultValue;
  }

  removeItem(key: string): void {
    this.values.delete(key);
  }

  clear(): void {
    this.values.clear();
  }
}

/** The phone's `settings.settingsStorage`: strings only, with change listeners. */
export class SettingsStorageFake {
  readonly values = new Map<string, string>();
  #listeners: ((change: {
    key: string;
    newValue: string | null;
    oldValue: string | null;
  }) => void)[] = [];

  setItem(key: string, value: string): void {
    const oldValue = this.values.get(key) ?? null;
    const newValue = String(value);
    this.values.set(key, newValue);
    if (oldValue !== newValue) for (const l of [...this.#listeners]) l({ key, newValue, oldValue });
  }

  getItem(key: string): string | null {
    return this.values.get(key) ?? null;
  }

  removeItem(key: string): void {
    const oldValue = this.values.get(key) ?? null;
    if (!this.values.delete(key)) return;
    for (const l of [...this.#listeners]) l({ key, newValue: null, oldValue });
  }

  clear(): void {
    this.values.clear();
  }

  toObject(): Record<string, string> {
    return Object.fromEntries(this.values);
  }

  addListener(
    _event: 'change',
    listener: (change: { key: string; newValue: string | null; oldValue: string | null }) => void,
  ): void {
    this.#listeners.push(listener);
  }

  removeListener(): void {
    this.#listeners = [];
  }
}
