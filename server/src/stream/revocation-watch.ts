/**
 * Ends the open streams of devices that may no longer sync (token revoked, user deleted). The
 * auth check runs once per request, and a stream is one request that never ends, so the open
 * ones are re-checked every `everyMs` — all devices in one query — and closed within that.
 */
/** What the watch ends: an open stream. */
export interface Closable {
  close(): void;
}

export class RevocationWatch {
  private readonly open = new Map<string, Set<Closable>>();
  private timer: NodeJS.Timeout | undefined;
  private checking = false;

  constructor(
    /** The ids among these that may still sync. */
    private readonly active: (deviceIds: string[]) => Promise<string[]>,
    private readonly everyMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Closes `stream` once the device may no longer sync (the stream itself, no closure: one
   * fewer object per open stream). */
  watch(deviceId: string, stream: Closable): void {
    let streams = this.open.get(deviceId);
    if (streams === undefined) {
      streams = new Set();
      this.open.set(deviceId, streams);
    }
    streams.add(stream);
    this.start();
  }

  /** Stops watching `stream` (it ended). */
  unwatch(deviceId: string, stream: Closable): void {
    const streams = this.open.get(deviceId);
    streams?.delete(stream);
    if (streams?.size === 0) this.open.delete(deviceId);
    if (this.open.size === 0) this.stop();
  }

  /** One round of checks now (also what the timer runs). */
  async check(): Promise<void> {
    if (this.checking || this.open.size === 0) return;
    this.checking = true;
    try {
      const watched = [...this.open.keys()];
      const active = new Set<string>();
      // Bounded IN lists: one query per thousand open devices.
      for (let i = 0; i < watched.length; i += 1000) {
        for (const id of await this.active(watched.slice(i, i + 1000))) active.add(id);
      }
      for (const deviceId of watched) {
        if (active.has(deviceId)) continue;
        for (const stream of [...(this.open.get(deviceId) ?? [])]) stream.close();
        this.open.delete(deviceId);
      }
    } catch (error) {
      // The database cannot tell now: keep the streams (they were authenticated) and retry.
      this.onError(error);
    } finally {
      this.checking = false;
    }
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => void this.check(), this.everyMs);
    this.timer.unref();
  }
}
