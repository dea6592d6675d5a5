import type { JsonValue, RecordDraft } from '@tagtime/log';
import type { Context } from './context-types.js';

// The CLI's own errors and events go into its own log, as every device's do (DESIGN: data,
// errors and events share the stream), so support reads a user's trouble in the user's data.
// They are kept small and few, so they never crowd out answers: at most MAX_PER_HOUR a clock
// hour, a repeating one (the same sync failure, sync after sync) at most once per REPEAT_MS,
// and what was dropped is counted in one event when the next hour starts.

const MAX_PER_HOUR = 20;
const REPEAT_MS = 10 * 60_000;
const HOUR_MS = 3_600_000;
/** Longest error message kept (the rest is cut with an ellipsis). */
const MAX_MESSAGE = 300;
/** Setting: the rate-limit state. */
const STATE = 'diagnostics';

interface RateState {
  /** Start (ms) of the hour being counted. */
  hour: number;
  count: number;
  dropped: number;
  /** When each repeating diagnostic was last written. */
  last: Record<string, number>;
}

export type Diagnostic =
  | { kind: 'event'; name: string; data?: JsonValue; repeats?: boolean }
  | { kind: 'error'; message: string; context?: JsonValue };

function draftOf(d: Diagnostic): RecordDraft {
  if (d.kind === 'event') {
    return {
      kind: 'event',
      body: d.data === undefined ? { name: d.name } : { name: d.name, data: d.data },
    };
  }
  const message =
    d.message.length > MAX_MESSAGE ? `${d.message.slice(0, MAX_MESSAGE - 1)}…` : d.message;
  return {
    kind: 'error',
    body: d.context === undefined ? { message } : { message, context: d.context },
  };
}

/** The key under which a diagnostic counts as a repeat; undefined for one that never repeats. */
function repeatKey(d: Diagnostic): string | undefined {
  if (d.kind === 'error') return `error:${d.message.slice(0, 80)}`;
  return d.repeats ? `event:${d.name}` : undefined;
}

async function readState(ctx: Context): Promise<RateState | undefined> {
  const text = await ctx.store.getSetting(STATE);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as RateState;
  } catch {
    return undefined;
  }
}

/**
 * Appends a diagnostic to this device's log unless the limits say no; goes out with the next
 * push. Returns whether it was written.
 */
export async function record(ctx: Context, now: number, diagnostic: Diagnostic): Promise<boolean> {
  let state = (await readState(ctx)) ?? { hour: now, count: 0, dropped: 0, last: {} };
  const drafts: RecordDraft[] = [];
  if (now - state.hour >= HOUR_MS || now < state.hour) {
    if (state.dropped > 0) {
      drafts.push(
        draftOf({ kind: 'event', name: 'diagnostics-dropped', data: { count: state.dropped } }),
      );
    }
    const last = Object.fromEntries(
      Object.entries(state.last).filter(([, at]) => now - at < REPEAT_MS),
    );
    state = { hour: now, count: drafts.length, dropped: 0, last };
  }
  const key = repeatKey(diagnostic);
  const repeated =
    key !== undefined && now - (state.last[key] ?? Number.NEGATIVE_INFINITY) < REPEAT_MS;
  const written = !repeated && state.count < MAX_PER_HOUR;
  if (written) {
    drafts.push(draftOf(diagnostic));
    state.count++;
    if (key !== undefined) state.last[key] = now;
  } else if (!repeated) {
    state.dropped++;
  }
  if (drafts.length > 0) await ctx.client.append(drafts);
  await ctx.store.setSetting(STATE, JSON.stringify(state));
  return written;
}

/** An answer saved this long after its ping counts as late (the original's retro threshold is 60 s). */
const LATE_S = 300;

/** `answered-late` when the first of `pings` is more than LATE_S old: how late, and how many. */
export async function recordIfLate(
  ctx: Context,
  now: number,
  pings: readonly number[],
  auto: boolean,
): Promise<void> {
  const first = pings[0];
  if (first === undefined) return;
  const late = Math.floor(now / 1000) - first;
  if (late <= LATE_S) return;
  await record(ctx, now, {
    kind: 'event',
    name: 'answered-late',
    data: { ping: first, pings: pings.length, late, auto },
  });
}

/** What a failure is about, for an error record's context (status and protocol code, if any). */
export function failureContext(error: unknown): JsonValue {
  const e = error as { name?: unknown; status?: unknown; code?: unknown };
  const context: Record<string, JsonValue> = {};
  if (typeof e?.name === 'string') context.type = e.name;
  if (typeof e?.status === 'number') context.status = e.status;
  if (typeof e?.code === 'string') context.code = e.code;
  return context;
}
