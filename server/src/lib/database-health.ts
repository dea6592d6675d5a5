/** How long a check waits for MariaDB before calling it down. */
const TIMEOUT_MS = 2000;
/** Checks within this long share one answer, so `/healthz` cannot be turned into a query flood. */
const CACHE_MS = 1000;

export interface DatabaseStatus {
  up: boolean;
  /** Why it is down (a driver code such as ECONNREFUSED, or `timeout`). */
  reason?: string;
}

/** Whether MariaDB answers, checked at most once a second. */
export class DatabaseHealth {
  private last: { at: number; status: DatabaseStatus } | undefined;
  private pending: Promise<DatabaseStatus> | undefined;

  constructor(
    /** One trivial query (`SELECT 1`) on the server's own pool. */
    private readonly ping: () => Promise<unknown>,
    private readonly now: () => number = Date.now,
  ) {}

  check(): Promise<DatabaseStatus> {
    if (this.last !== undefined && this.now() - this.last.at < CACHE_MS) {
      return Promise.resolve(this.last.status);
    }
    this.pending ??= this.query().then((status) => {
      this.last = { at: this.now(), status };
      this.pending = undefined;
      return status;
    });
    return this.pending;
  }

  private async query(): Promise<DatabaseStatus> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<DatabaseStatus>((resolve) => {
      timer = setTimeout(() => resolve({ up: false, reason: 'timeout' }), TIMEOUT_MS);
    });
    const answer = this.ping().then(
      (): DatabaseStatus => ({ up: true }),
      (error: unknown): DatabaseStatus => ({
        up: false,
        reason: String((error as { code?: unknown }).code ?? 'error'),
      }),
    );
    try {
      return await Promise.race([answer, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
