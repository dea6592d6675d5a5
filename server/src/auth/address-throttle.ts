/**
 * Counts events per client address in fixed one-minute windows and says when an address is
 * over its budget. Used for unknown device tokens: each costs a database lookup, so an address
 * that keeps sending them is refused before the lookup until its window ends.
 */
export class AddressThrottle {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one event of `address`. */
  hit(address: string): void {
    const now = this.now();
    const window = this.windows.get(address);
    if (window === undefined || now - window.start >= 60_000) {
      if (this.windows.size >= 100_000) this.evictOld(now);
      this.windows.set(address, { start: now, count: 1 });
    } else {
      window.count += 1;
    }
  }

  /** Seconds until `address` may try again, or 0 when it is within its budget. */
  blockedFor(address: string): number {
    const window = this.windows.get(address);
    if (window === undefined || window.count < this.perMinute) return 0;
    const left = window.start + 60_000 - this.now();
    return left > 0 ? Math.ceil(left / 1000) : 0;
  }

  private evictOld(now: number): void {
    for (const [address, window] of this.windows) {
      if (now - window.start >= 60_000) this.windows.delete(address);
    }
    if (this.windows.size >= 100_000) this.windows.clear();
  }
}
