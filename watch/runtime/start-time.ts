/**
 * Where the simulator's clock starts. By default a week back, so `ff` can run through days
 * without passing the server's limit on records from the future; but never at or before the
 * account's latest record: an answer made there would lose, silently, to a newer one already
 * in the merged view.
 */
export interface StartChoice {
  startMs: number;
  /** Said to the person running the simulator when their `--start` has that problem. */
  warning?: string;
}

const WEEK_MS = 7 * 86_400_000;
const AFTER_LATEST_MS = 60_000;

export function simulationStart(options: {
  nowMs: number;
  /** `--start` as typed, if given. */
  requested?: number | undefined;
  /** The newest record of any of the account's devices (`GET /v1/heads`), if there is one. */
  latestRecordMs?: number | undefined;
}): StartChoice {
  const { nowMs, requested, latestRecordMs } = options;
  if (requested !== undefined) {
    if (latestRecordMs !== undefined && requested <= latestRecordMs) {
      return {
        startMs: requested,
        warning:
          `--start is at or before the account's latest record (${iso(latestRecordMs)}): ` +
          'an answer made before that time may lose to a newer one.',
      };
    }
    return { startMs: requested };
  }
  const weekBack = nowMs - WEEK_MS;
  return {
    startMs:
      latestRecordMs === undefined
        ? weekBack
        : Math.max(weekBack, latestRecordMs + AFTER_LATEST_MS),
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
