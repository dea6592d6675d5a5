import { pingsBetween } from '@tagtime/ping';

// Test support: TagTime logs as the original Perl TagTime (github.com/tagtime/TagTime) writes
// them, and the original's own reading of a line. Written after its util.pl, ping.pl and
// launch.pl, independently of `parseTagTimeLog`/`writeTagTimeLog`, so tests can check those
// against the original's behaviour rather than against themselves.

/** The original's `strip`: removes `(...)` groups innermost first, then `[...]` groups. */
export function originalStrip(line: string): string {
  let s = line;
  for (let before = ''; before !== s; ) {
    before = s;
    s = s.replace(/\([^()]*\)/g, '');
  }
  for (let before = ''; before !== s; ) {
    before = s;
    s = s.replace(/\[[^[\]]*\]/g, '');
  }
  return s;
}

/** The original's `stripc`: what `strip` removes, the comments, concatenated. */
export function originalComments(line: string): string {
  const marker = '\u0000';
  let tmp = line;
  for (let before = ''; before !== tmp; ) {
    before = tmp;
    tmp = tmp.replace(/\([^()]*\)/g, marker);
  }
  for (let before = ''; before !== tmp; ) {
    before = tmp;
    tmp = tmp.replace(/\[[^[\]]*\]/g, marker);
  }
  let s = line;
  for (const piece of tmp.split(marker)) {
    const i = s.indexOf(piece);
    s = s.slice(0, i) + s.slice(i + piece.length);
  }
  return s;
}

/** The original's `parsable`: a time, whitespace, and no bracket left after `strip`. */
export function originalParsable(line: string): boolean {
  const rest = originalStrip(line);
  return /^\d+\s+/.test(rest) && !/[()[\]]/.test(rest.replace(/^\d+\s+/, ''));
}

/** The tags the original reads from a line (its cntpings.pl: `split(/\s+/, strip($_))`). */
export function originalTags(line: string): string[] {
  return originalStrip(line).trim().split(/\s+/).slice(1);
}

/** The original's `ss`: `1439` → `23:59s`, `59` → `59s`, `3700` → `01h01:40s`. */
function ss(seconds: number): string {
  const s = seconds % 60;
  const m = Math.floor(seconds / 60) % 60;
  const h = Math.floor(seconds / 3600) % 24;
  const d = Math.floor(seconds / 86400);
  const dd = (n: number) => String(n).padStart(2, '0');
  if (seconds < 60) return `${s}s`;
  if (seconds < 3600) return `${dd(m)}:${dd(s)}s`;
  if (seconds < 86400) return `${dd(h)}h${dd(m)}:${dd(s)}s`;
  return `${d}d${dd(h)}h${dd(m)}:${dd(s)}s`;
}

/** The original's `annotime` with `$linelen = 79`, the date in `timeZone`. */
export function originalAnnotime(a: string, t: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    weekday: 'short',
    hourCycle: 'h23',
  }).formatToParts(new Date(t * 1000));
  const p = (type: string) => parts.find((x) => x.type === type)?.value ?? '';
  const [yea, o, d, h, m, s] = ['year', 'month', 'day', 'hour', 'minute', 'second'].map(p);
  const wd = p('weekday').toUpperCase();
  const candidates = [
    `[${yea}.${o}.${d} ${h}:${m}:${s} ${wd}]`,
    `[${o}.${d} ${h}:${m}:${s} ${wd}]`,
    `[${d} ${h}:${m}:${s} ${wd}]`,
    `[${o}.${d} ${h}:${m}:${s}]`,
    `[${h}:${m}:${s} ${wd}]`,
    `[${o}.${d} ${h}:${m}]`,
    `[${d} ${h}:${m}:${s}]`,
    `[${h}:${m} ${wd}]`,
    `[${h}:${m}:${s}]`,
    `[${d} ${h}:${m}]`,
    `[${h}:${m}]`,
    `[${m}]`,
  ];
  // Perl's length counts bytes.
  const bytes = (text: string) => encodeURIComponent(text).replace(/%../g, 'x').length;
  for (const c of candidates) {
    if (bytes(`${a} ${c}`) <= 79)
      return `${a} ${' '.repeat(Math.max(0, 79 - bytes(`${a} ${c}`)))}${c}`;
  }
  return a;
}

/** A small seeded generator (mulberry32), so a log is the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const RESPONSES = [
  'work code',
  'work code (fixing the build)',
  'work (standup (again)) meeting',
  'work email [inbox zero attempt]',
  'eat lunch [with (old) friends] family',
  'read book:GEB (chapter 3)',
  'commute bike',
  'exercise run (5k) [rainy]',
  'smoke break',
  'work code (a very long comment about the refactoring of the scheduler that never ends)',
  'hobby music:guitar practice-scales-and-arpeggios-in-every-key-twice (slowly)',
  '',
  '"',
];

export interface OriginalLogOptions {
  /** First unix second of the log; default 2023-10-01 00:00 New York. */
  from?: number;
  days?: number;
  timeZone?: string;
  seed?: number;
}

/**
 * A log as the original writes it over `days` of the universal schedule: nights of
 * `afk off RETRO`, `afk RETRO`, `err [missed ping from … ago]` lines, some fixed by hand later,
 * answers with comments in `(...)` and `[...]` (nested, anywhere), the `"` ditto, empty answers,
 * and lines too long for a full date annotation.
 */
export function originalTagTimeLog(options: OriginalLogOptions = {}): string {
  const timeZone = options.timeZone ?? 'America/New_York';
  const from = options.from ?? 1696132800;
  const next = random(options.seed ?? 1);
  const hourOf = (t: number) =>
    Number(
      new Intl.DateTimeFormat('en-US', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(
        new Date(t * 1000),
      ),
    );
  // What `"` repeats: the last line's tags (ping.pl's get_last_doing).
  let last = 'start';
  let out = '';
  for (const t of pingsBetween(from, from + (options.days ?? 61) * 86400)) {
    const hour = hourOf(t);
    const dice = next();
    let line: string;
    if (hour < 7) line = `${t} afk off RETRO`;
    else if (dice < 0.03) line = `${t} afk RETRO`;
    else if (dice < 0.06)
      line = `${t} err [missed ping from ${ss(60 + Math.floor(next() * 3000))} ago]`;
    else if (dice < 0.08) line = `${t} sleep RETRO (fixed in the editor)`;
    else {
      // As ping.pl logs a response: the tags, then the comments.
      let response = RESPONSES[Math.floor(next() * RESPONSES.length)] as string;
      if (response === '"') response = last;
      const tags = originalStrip(response).trim().replace(/\s+/g, ' ');
      line = `${t} ${tags} ${originalComments(response).trim()}`;
    }
    const annotated = originalAnnotime(line, t, timeZone);
    last = originalTags(annotated).join(' ');
    out += `${annotated}\n`;
  }
  return out;
}
