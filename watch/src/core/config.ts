import type { ScheduleName } from '@tagtime/ping';

/** Quiet hours as minutes after local midnight; `start > end` wraps past midnight. */
export interface QuietHours {
  start: number;
  end: number;
}

/** What the watch needs from the user's settings (phone settings app and `config` records). */
export interface WatchConfig {
  schedule: ScheduleName;
  quiet: QuietHours | null;
  /** Pings left unanswered this long get an `auto` answer (`afk off RETRO`). */
  autoAfterMinutes: number;
  /** Note presets offered on the ping page. */
  notes: string[];
}

export const DEFAULT_CONFIG: WatchConfig = {
  schedule: 'universal',
  quiet: null,
  autoAfterMinutes: 6 * 60,
  notes: ['meeting', 'with family', 'commuting'],
};

/** The tags of an answer the device writes by itself, as the original TagTime does. */
export const AUTO_TAGS = ['afk', 'off', 'RETRO'];

/** Parses `HH:MM` into minutes after midnight; undefined when it is not a time. */
export function parseClock(text: string): number | undefined {
  const match = /^\s*(\d{1,2}):(\d{2})\s*$/.exec(text);
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) return undefined;
  return hours * 60 + minutes;
}

/** Whether unix second `t` falls in the quiet hours, in a zone `offsetMinutes` east of UTC. */
export function isQuiet(t: number, quiet: QuietHours | null, offsetMinutes: number): boolean {
  if (!quiet || quiet.start === quiet.end) return false;
  const local = Math.floor((t + offsetMinutes * 60) / 60);
  const minute = ((local % 1440) + 1440) % 1440;
  return quiet.start < quiet.end
    ? minute >= quiet.start && minute < quiet.end
    : minute >= quiet.start || minute < quiet.end;
}

/** Reads a config value from storage defensively: anything malformed falls back to a default. */
export function normaliseConfig(input: unknown): WatchConfig {
  const value = (typeof input === 'object' && input !== null ? input : {}) as Record<
    string,
    unknown
  >;
  const schedule = value.schedule === 'ttw' ? 'ttw' : 'universal';
  const q = value.quiet as { start?: unknown; end?: unknown } | null | undefined;
  const quiet =
    q && isMinute(Number(q.start)) && isMinute(Number(q.end))
      ? { start: Number(q.start), end: Number(q.end) }
      : null;
  const auto = Number(value.autoAfterMinutes);
  const notes = Array.isArray(value.notes)
    ? value.notes.filter((n): n is string => typeof n === 'string' && n.length > 0).slice(0, 8)
    : DEFAULT_CONFIG.notes;
  return {
    schedule,
    quiet,
    autoAfterMinutes: Number.isFinite(auto) && auto >= 10 ? Math.floor(auto) : 360,
    notes,
  };
}

function isMinute(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n < 1440;
}
