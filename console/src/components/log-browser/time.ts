import { TZDate } from '@date-fns/tz';
import { formatLocalTime, localTime } from '@tagtime/log';

const pad = (n: number): string => String(n).padStart(2, '0');

/** The wall-clock fields at unix ms `t` in the zone, two digits each (the year four). */
function parts(t: number, timeZone: string): Record<string, string> {
  const l = localTime(Math.floor(t / 1000), timeZone);
  return {
    year: String(l.year).padStart(4, '0'),
    month: pad(l.month),
    day: pad(l.day),
    hour: pad(l.hour),
    minute: pad(l.minute),
    second: pad(l.second),
  };
}

/** `2026-11-20 12:00:00.123` in the zone: a record's time down to its millisecond. */
export function formatRecordTime(t: number, timeZone: string): string {
  const ms = String(t % 1000).padStart(3, '0');
  return `${formatLocalTime(Math.floor(t / 1000), timeZone)}.${ms}`;
}

/** A chart tick: the time of day for short bars, the date for days and more. */
export function formatTick(t: number, bucketMs: number, timeZone: string): string {
  const p = parts(t, timeZone);
  if (bucketMs >= 24 * 60 * 60 * 1000) return `${p.month}-${p.day}`;
  if (bucketMs >= 60 * 60 * 1000) return `${p.month}-${p.day} ${p.hour}h`;
  return `${p.hour}:${p.minute}${bucketMs < 60_000 ? `:${p.second}` : ''}`;
}

/** The value of a `datetime-local` input showing `t` in the zone. */
export function toLocalInput(t: number, timeZone: string): string {
  const p = parts(t, timeZone);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}

/** Unix ms of a `datetime-local` value read in the zone; undefined when it is not one. */
export function fromLocalInput(value: string, timeZone: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!match) return undefined;
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0] = match
    .slice(1)
    .map((part) => Number(part ?? 0));
  const date = new TZDate(y, mo - 1, d, h, mi, s, timeZone);
  const t = date.getTime();
  return Number.isFinite(t) ? t : undefined;
}
