import { AppError } from '../errors.js';

/**
 * A place in a user's merged log, between records: the support queries page from one in either
 * direction. Merged order is `(t, device)`; `{ t, device }` sits right at that record, so paging
 * forward gives what comes after it and backward what comes before it. The device `''` sits
 * before every record at `t`, `'~'` after every one (device ids are `[A-Za-z0-9_-]`).
 * Text form: `<t>:<device>`.
 */
export interface Position {
  t: number;
  device: string;
}

export type Direction = 'forward' | 'backward';

export const BEFORE_DEVICES = '';
export const AFTER_DEVICES = '~';

export function formatPosition(position: Position): string {
  return `${position.t}:${position.device}`;
}

export function parsePosition(text: string, field: string): Position {
  const match = /^(\d{1,16})(?::([A-Za-z0-9_-]{0,64}|~))?$/.exec(text);
  const t = Number(match?.[1]);
  if (!match || !Number.isSafeInteger(t)) {
    throw new AppError(
      'invalid_cursor',
      `${field} must look like <t>:<device> (unix ms, then a device id, "" or "~").`,
      { path: field },
    );
  }
  return { t, device: match[2] ?? BEFORE_DEVICES };
}

/**
 * The times of `device`'s records that lie strictly beyond `position` in `direction`, within
 * `[from, to]`: the bounds of that device's range scan.
 */
export function boundsBeyond(
  position: Position | undefined,
  direction: Direction,
  device: string,
  range: { from: number; to: number },
): { from: number; to: number } {
  if (position === undefined) return range;
  if (direction === 'forward') {
    const first = device > position.device ? position.t : position.t + 1;
    return { from: Math.max(range.from, first), to: range.to };
  }
  const last = device < position.device ? position.t : position.t - 1;
  return { from: range.from, to: Math.min(range.to, last) };
}
