// Calendar days in an IANA time zone with nothing but Intl.DateTimeFormat.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      throw new RangeError(
        `unknown time zone "${timeZone}" (expected an IANA name like Europe/Paris)`,
      );
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock time in `timeZone` at unix second `s`. */
export function localTime(s: number, timeZone: string): LocalTime {
  const parts = formatterFor(timeZone).formatToParts(new Date(s * 1000));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** Seconds `timeZone` is ahead of UTC at unix second `s`. */
export function zoneOffset(s: number, timeZone: string): number {
  const l = localTime(Math.floor(s), timeZone);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second) / 1000;
  return asUtc - Math.floor(s);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `YYYY-MM-DD HH:MM:SS`: the wall-clock time in `timeZone` at unix second `s`. */
export function formatLocalTime(s: number, timeZone: string): string {
  const l = localTime(s, timeZone);
  return `${formatDay(l.year, l.month, l.day)} ${pad(l.hour)}:${pad(l.minute)}:${pad(l.second)}`;
}

/** `YYYY-MM-DD` of a calendar date. */
export function formatDay(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** Parses `YYYY-MM-DD`, checking it is a real date. */
export function parseDay(text: string): { year: number; month: number; day: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = match
    ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
    : undefined;
  if (
    !match ||
    !date ||
    date.getUTCDate() !== Number(match[3]) ||
    date.getUTCMonth() + 1 !== Number(match[2])
  ) {
    throw new RangeError(`"${text}" is not a calendar date YYYY-MM-DD`);
  }
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

/**
 * The local calendar day `YYYY-MM-DD` of unix second `s` in `timeZone` (an IANA name; an unknown
 * one is a RangeError, never a silent UTC). The one day-in-zone rule of every view and query.
 */
export function dayOf(s: number, timeZone: string): string {
  if (isUtc(timeZone)) return utcDay(Math.floor(s));
  const l = localTime(Math.floor(s), timeZone);
  return formatDay(l.year, l.month, l.day);
}

/** Zones that are UTC by definition: their days need no Intl call. */
const UTC_NAMES = new Set(['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT', 'Etc/Universal', 'Etc/Zulu']);
const isUtc = (timeZone: string): boolean => UTC_NAMES.has(timeZone);

const DAY_SECONDS = 86_400;

/** `YYYY-MM-DD` of unix second `s` in UTC, by arithmetic. */
function utcDay(s: number): string {
  const date = new Date(Math.floor(s / DAY_SECONDS) * DAY_SECONDS * 1000);
  return formatDay(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** Unix second at which local day `YYYY-MM-DD` starts in `timeZone` (its first existing instant). */
export function startOfDay(day: string, timeZone: string): number {
  const { year, month, day: d } = parseDay(day);
  const midnightUtc = Date.UTC(year, month - 1, d) / 1000;
  if (isUtc(timeZone)) return midnightUtc;
  let guess = midnightUtc - zoneOffset(midnightUtc, timeZone);
  // A second pass settles days whose offset differs from the offset at UTC midnight.
  guess = midnightUtc - zoneOffset(guess, timeZone);
  const l = localTime(guess, timeZone);
  // Where midnight does not exist (a DST jump at 00:00), the day starts when the clock resumes.
  if (formatDay(l.year, l.month, l.day) !== day) guess += 3600;
  return guess;
}

/** The day after `YYYY-MM-DD`. */
export function nextDay(day: string): string {
  const { year, month, day: d } = parseDay(day);
  const date = new Date(Date.UTC(year, month - 1, d + 1));
  return formatDay(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** The Monday on or before `YYYY-MM-DD` (weeks run Monday to Sunday, as ISO 8601). */
export function weekOf(day: string): string {
  const { year, month, day: d } = parseDay(day);
  const date = new Date(Date.UTC(year, month - 1, d));
  const back = (date.getUTCDay() + 6) % 7;
  date.setUTCDate(date.getUTCDate() - back);
  return formatDay(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** Days a `DayKeyer` remembers: years of them, in a few hundred kilobytes. */
const KEYER_DAYS = 4096;

interface DayBounds {
  day: string;
  from: number;
  to: number;
}

/**
 * Maps unix seconds to local `YYYY-MM-DD` in one zone, remembering the bounds of the days it has
 * seen (by UTC hour, up to `KEYER_DAYS` days), so times in any order cost one Intl call per day,
 * not per time; in UTC none at all.
 */
export class DayKeyer {
  static readonly #shared = new Map<string, DayKeyer>();

  /**
   * The keyer of `timeZone` shared by every caller in this process: a day's bounds, once found,
   * serve every later view, report and query (days never change, so sharing is safe).
   */
  static for(timeZone: string): DayKeyer {
    let keyer = DayKeyer.#shared.get(timeZone);
    if (!keyer) {
      keyer = new DayKeyer(timeZone);
      // Zones in use are few; a process serving many keeps the most recent ones.
      if (DayKeyer.#shared.size >= 64) DayKeyer.#shared.clear();
      DayKeyer.#shared.set(timeZone, keyer);
    }
    return keyer;
  }

  /** Per UTC hour, the days it overlaps (two where a day starts inside the hour). */
  readonly #byHour = new Map<number, DayBounds[]>();
  #days = 0;
  readonly #utc: boolean;

  constructor(readonly timeZone: string) {
    this.#utc = isUtc(timeZone);
    // Checks the zone's name; UTC is kept by arithmetic, and making a formatter costs a short
    // process (a CLI command resuming a view) tens of milliseconds.
    if (!this.#utc) formatterFor(timeZone);
  }

  dayOf(s: number): string {
    if (this.#utc) return utcDay(Math.floor(s));
    const hour = Math.floor(s / 3600);
    for (const bounds of this.#byHour.get(hour) ?? []) {
      if (s >= bounds.from && s < bounds.to) return bounds.day;
    }
    const day = dayOf(s, this.timeZone);
    const bounds = {
      day,
      from: startOfDay(day, this.timeZone),
      to: startOfDay(nextDay(day), this.timeZone),
    };
    if (this.#days >= KEYER_DAYS) {
      this.#byHour.clear();
      this.#days = 0;
    }
    this.#days++;
    for (let h = Math.floor(bounds.from / 3600); h <= Math.floor((bounds.to - 1) / 3600); h++) {
      const list = this.#byHour.get(h);
      if (list) list.push(bounds);
      else this.#byHour.set(h, [bounds]);
    }
    return day;
  }
}
