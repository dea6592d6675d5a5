import { createHash } from 'node:crypto';

/** The device a token belongs to. */
export interface DeviceIdentity {
  deviceId: string;
  userId: string;
  name: string;
  kind: string;
}

export interface DeviceDirectory {
  /** The device of a token, or undefined when it is unknown or revoked. */
  lookup(token: string): Promise<DeviceIdentity | undefined>;
  /** Records that the device was seen now. */
  touch(deviceId: string, at: Date): Promise<void>;
  /** Records how many of its own records the device said it still holds unsent, at `at`. */
  reportUnsent(deviceId: string, count: number, at: Date): Promise<void>;
  /** The ids among these of devices that may still sync (not revoked, user not deleted). */
  active(deviceIds: string[]): Promise<string[]>;
}

interface CacheEntry {
  identity: DeviceIdentity | undefined;
  expires: number;
}

const TOUCH_EVERY_MS = 30_000;
const MAX_ENTRIES = 100_000;

/**
 * Device tokens checked against the database behind a short cache. The cache keeps an answer
 * (also "unknown token") for `ttlMs` ≤ 1 s, so a token revoked in the console is refused within
 * a second while a busy device costs one lookup per second, not one per request. Concurrent
 * lookups of one token share a query.
 */
export class DeviceAuthenticator {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly inFlight = new Map<string, Promise<DeviceIdentity | undefined>>();
  private readonly lastTouch = new Map<string, number>();
  private readonly lastUnsent = new Map<string, { count: number; at: number }>();

  constructor(
    private readonly directory: DeviceDirectory,
    private readonly ttlMs: number,
    private readonly onError: (error: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached answer for `token` without a lookup: `undefined` when none is cached. */
  cached(token: string): { identity: DeviceIdentity | undefined } | undefined {
    const entry = this.cache.get(createHash('sha256').update(token).digest('base64'));
    return entry !== undefined && entry.expires > this.now()
      ? { identity: entry.identity }
      : undefined;
  }

  async authenticate(token: string): Promise<DeviceIdentity | undefined> {
    const key = createHash('sha256').update(token).digest('base64');
    const cached = this.cache.get(key);
    const now = this.now();
    let identity: DeviceIdentity | undefined;
    if (cached !== undefined && cached.expires > now) {
      identity = cached.identity;
    } else {
      identity = await this.lookup(key, token);
    }
    if (identity !== undefined) this.touch(identity.deviceId);
    return identity;
  }

  private lookup(key: string, token: string): Promise<DeviceIdentity | undefined> {
    const pending = this.inFlight.get(key);
    if (pending !== undefined) return pending;
    const started = this.now();
    const promise = this.directory
      .lookup(token)
      .then((identity) => {
        if (this.cache.size >= MAX_ENTRIES) this.evictExpired();
        // The entry lives from when the query started: its answer may be that old already.
        this.cache.set(key, { identity, expires: started + this.ttlMs });
        return identity;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return promise;
  }

  private evictExpired(): void {
    const now = this.now();
    for (const [key, entry] of this.cache) if (entry.expires <= now) this.cache.delete(key);
    if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
  }

  private touch(deviceId: string): void {
    const now = this.now();
    const last = this.lastTouch.get(deviceId);
    if (last !== undefined && now - last < TOUCH_EVERY_MS) return;
    this.lastTouch.set(deviceId, now);
    if (this.lastTouch.size > MAX_ENTRIES) this.lastTouch.clear();
    // Last-seen is bookkeeping: a failure is reported, never fails the request.
    this.directory.touch(deviceId, new Date(now)).catch(this.onError);
  }

  /**
   * Notes a device's own count of records it has not sent yet (support's "behind"). Written
   * when it changes, else at most every TOUCH_EVERY_MS, so a polling device costs no writes.
   */
  reportUnsent(deviceId: string, count: number): void {
    const now = this.now();
    const last = this.lastUnsent.get(deviceId);
    if (last !== undefined && last.count === count && now - last.at < TOUCH_EVERY_MS) return;
    this.lastUnsent.set(deviceId, { count, at: now });
    if (this.lastUnsent.size > MAX_ENTRIES) this.lastUnsent.clear();
    this.directory.reportUnsent(deviceId, count, new Date(now)).catch(this.onError);
  }
}
