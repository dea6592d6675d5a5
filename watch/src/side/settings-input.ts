import { DEFAULT_CONFIG, parseClock } from '../core/config.js';

/**
 * What the settings app accepts from a person typing, shared with the side service that reads it
 * back: a refused value is never stored, so the watch keeps the quiet hours it had.
 */

/** Where the settings app keeps the last refusal, shown under the field until a valid entry. */
export const SETTINGS_REFUSAL = 'settingsRefusal';

export interface StoredSettings {
  getItem(key: string): string | null | undefined;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * Stores a quiet-hours bound typed as `HH:MM`, or clears it when empty; anything else is refused
 * with the reason and leaves the stored value as it was.
 */
export function enterClock(
  storage: StoredSettings,
  key: string,
  typed: string,
  label: string,
): void {
  const text = typed.trim();
  if (text === '') {
    storage.removeItem(key);
    storage.removeItem(SETTINGS_REFUSAL);
    return;
  }
  const minutes = parseClock(text);
  if (minutes === undefined) {
    const kept = storage.getItem(key);
    storage.setItem(
      SETTINGS_REFUSAL,
      `"${text}" is not a time for ${label}: use HH:MM from 00:00 to 23:59. ` +
        (kept ? `${label} stays ${kept}.` : `${label} stays unset.`),
    );
    return;
  }
  storage.setItem(key, clockText(minutes));
  storage.removeItem(SETTINGS_REFUSAL);
}

/** Minutes after midnight as `HH:MM`, so `7:5` is never stored but `07:05` is shown back. */
export function clockText(minutes: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** The note presets the watch offers: the stored comma list, or the defaults when none is set. */
export function notePresets(stored: string | null | undefined): string[] {
  const notes = (stored ?? '')
    .split(',')
    .map((note) => note.trim())
    .filter(Boolean)
    .slice(0, 8);
  return notes.length > 0 ? notes : [...DEFAULT_CONFIG.notes];
}

/** Quiet hours in words, as the watch will keep them. */
export function quietSummary(
  start: string | null | undefined,
  end: string | null | undefined,
): string {
  const from = parseClock(start ?? '');
  const until = parseClock(end ?? '');
  if (from === undefined || until === undefined) {
    return from === undefined && until === undefined
      ? 'No quiet hours: the watch rings at every ping.'
      : 'Quiet hours need both times; until then the watch rings at every ping.';
  }
  if (from === until) return 'Both times are the same: no quiet hours.';
  return `The watch stays silent from ${clockText(from)} until ${clockText(until)}${from > until ? ' the next morning' : ''}.`;
}
