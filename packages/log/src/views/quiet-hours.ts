// Quiet hours: the user's `quietHours` config, a daily span of wall-clock time in which nothing
// rings them (the server holds its Web Push until the span ends). Readers ignore a value they
// cannot read, as they do every unknown body field (DESIGN.md, Record compatibility).
import type { JsonValue } from '../records.js';
import { localTime } from './zone.js';

/** The config key: `{ start: "HH:MM", end: "HH:MM", zone?: "<IANA name>" }`. */
export const QUIET_HOURS_KEY = 'quietHours';

export interface QuietHours {
  /** Minutes after local midnight where the span starts (in it) and ends (out of it). */
  start: number;
  end: number;
  /** IANA time zone of the wall clock; unset: the reader's default (the account's zone). */
  zone?: string;
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minutes(text: unknown): number | undefined {
  const match = typeof text === 'string' ? HH_MM.exec(text) : null;
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

function knownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The quiet hours a `quietHours` config value sets, or undefined when it sets none (unset,
 * unreadable, or start equal to end). A span with end before start wraps midnight (22:00–07:00).
 */
export function parseQuietHours(value: JsonValue | undefined): QuietHours | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const start = minutes(value.start);
  const end = minutes(value.end);
  if (start === undefined || end === undefined || start === end) return undefined;
  const zone = value.zone;
  if (zone === undefined) return { start, end };
  if (typeof zone !== 'string' || !knownZone(zone)) return undefined;
  return { start, end, zone };
}

/**
 * When the quiet hours around unix second `s` end (a unix second), or undefined when `s` is not
 * in them. Across a daylight-saving change the end may be an hour off; a reader that checks
 * again at that time finds the rest.
 */
export function quietUntil(quiet: QuietHours, s: number, defaultZone = 'UTC'): number | undefined {
  const local = localTime(Math.floor(s), quiet.zone ?? defaultZone);
  const now = local.hour * 60 + local.minute;
  const inside =
    quiet.start < quiet.end
      ? now >= quiet.start && now < quiet.end
      : now >= quiet.start || now < quiet.end;
  if (!inside) return undefined;
  const left = (quiet.end - now + 1440) % 1440;
  return Math.floor(s) - local.second + left * 60;
}
