import { TZDate } from '@date-fns/tz';

const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(timeZone, format);
  }
  return format;
}

function parts(t: number, timeZone: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(t))) out[part.type] = part.value;
  return out;
}

/** `2026-11-20 12:00:00.123` in the zone: a record's time down to its millisecond. */
export function formatRecordTime(t: number, timeZone: string): string {
  const p = parts(t, timeZone);
  const ms = String(t % 1000).padStart(3, '0');
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}.${ms}`;
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
