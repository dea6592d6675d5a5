/**
 * Ends the open streams of devices that may no longer sync (token revoked, user deleted). The
 * auth check runs once per request, and a stream is one request that never ends, so the open
 * ones are re-checked every `everyMs` — all devices in one query — and closed within that.
 */
export class RevocationWatch {
  private readonly open = new Map<string, Set<() => void>>();
  private timer: NodeJS.Timeout | undefined;
  private checking = false;

  constructor(
    /** The ids among these that may still sync. */
    private readonly active: (deviceIds: string[]) => Promise<string[]>,
    private readonly everyMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Calls `close` once the device may no longer sync; returns the function that stops watching. */
  watch(deviceId: string, close: () => void): () => void {
    let closers = this.open.get(deviceId);
    if (closers === undefined) {
      closers = new Set();
      this.open.set(deviceId, closers);
    }
    closers.add(close);
    this.start();
    return () => {
      const set = this.open.get(deviceId);
      set?.delete(close);
      if (set?.size === 0) this.open.delete(deviceId);
      if (this.open.size === 0) this.stop();
    };
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
        for (const close of [...(this.open.get(deviceId) ?? [])]) close();
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
