import { utf8Length } from './utf8.js';
import { localTime } from './views/zone.js';

// One line of the original TagTime log (github.com/tagtime/TagTime, util.pl): the original's
// `strip` removes every `(...)` group, nested, then every `[...]` group of what is left; the
// words that remain are the tags, and any bracket left over makes the line unparsable. Its
// `annotime` appends the ping's local date in brackets, right-aligned to 79 columns, shortened
// (or left out) to keep the line within them.

/** What a line holds besides its ping time. */
export interface LineContent {
  tags: string[];
  /** The comments, as described at `commentsOf`; absent when the line has none. */
  note?: string;
}

interface Group {
  start: number;
  /** Index of the closing character. */
  end: number;
  paren: boolean;
}

/**
 * Marks the top-level `open … close` groups of `text` that are not inside an earlier pass's
 * groups, the way repeated innermost removal does; returns a problem sentence if one is unmatched.
 */
function markGroups(
  text: string,
  open: string,
  close: string,
  masked: Uint8Array,
  groups: Group[],
): string | undefined {
  const stack: number[] = [];
  const found: Group[] = [];
  for (let i = 0; i < text.length; i++) {
    if (masked[i]) continue;
    const c = text[i];
    if (c === open) stack.push(i);
    else if (c === close) {
      const start = stack.pop();
      if (start === undefined) return `a "${close}" closes no comment`;
      if (stack.length === 0) found.push({ start, end: i, paren: open === '(' });
    }
  }
  if (stack.length > 0) return `a comment "${open}" is not closed by a "${close}"`;
  for (const g of found) {
    masked.fill(1, g.start, g.end + 1);
    groups.push(g);
  }
  return undefined;
}

/**
 * Tags and comments of the text after the ping time. Comments that touch form one run; a run
 * that is exactly one `(...)` group gives its inside, any other run (`[...]`, `(a)(b)`) is kept
 * as written, so `err [missed ping from 1439s ago]` keeps its square brackets. Runs are joined
 * by a space into the note.
 */
export function commentsOf(text: string): LineContent | string {
  const masked = new Uint8Array(text.length);
  const groups: Group[] = [];
  const problem =
    markGroups(text, '(', ')', masked, groups) ?? markGroups(text, '[', ']', masked, groups);
  if (problem) return problem;
  let words = '';
  for (let i = 0; i < text.length; i++) if (!masked[i]) words += text[i];
  const tags = words.split(/\s+/).filter(Boolean);
  if (groups.length === 0) return { tags };
  groups.sort((a, b) => a.start - b.start);
  const runs: string[] = [];
  for (let i = 0; i < groups.length; ) {
    const first = groups[i] as Group;
    let last = first;
    for (i++; i < groups.length && (groups[i] as Group).start === last.end + 1; i++) {
      last = groups[i] as Group;
    }
    runs.push(
      first === last && first.paren
        ? text.slice(first.start + 1, first.end)
        : text.slice(first.start, last.end + 1),
    );
  }
  return { tags, note: runs.join(' ') };
}

const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** The original's line length setting (`$linelen` in its settings template). */
export const LINE_LENGTH = 79;

/** `annotime`'s candidates for `ping`, longest first: `[2023.11.05 15:12:48 SUN]` … `[12]`. */
export function annotations(ping: number, timeZone: string): string[] {
  const l = localTime(ping, timeZone);
  const wd = WEEKDAYS[new Date(Date.UTC(l.year, l.month - 1, l.day)).getUTCDay()];
  const [o, d, h, m, s] = [l.month, l.day, l.hour, l.minute, l.second].map(pad);
  return [
    `[${l.year}.${o}.${d} ${h}:${m}:${s} ${wd}]`,
    `[${o}.${d} ${h}:${m}:${s} ${wd}]`,
    `[${d} ${h}:${m}:${s} ${wd}]`,
    `[${o}.${d} ${h}:${m}:${s}]`,
    `[${h}:${m}:${s} ${wd}]`,
    `[${o}.${d} ${h}:${m}]`,
    `[${h}:${m} ${wd}]`,
    `[${h}:${m}:${s}]`,
    `[${h}:${m}]`,
    `[${m}]`,
  ];
}

/**
 * `line` with the ping's date right-aligned to `LINE_LENGTH` columns, in the longest form that
 * fits, as the original writes it (it counts bytes); a line too long for any form goes without.
 */
export function annotate(line: string, ping: number, timeZone: string): string {
  const used = utf8Length(line) + 1;
  for (const note of annotations(ping, timeZone)) {
    if (used + note.length <= LINE_LENGTH) {
      return `${line} ${' '.repeat(LINE_LENGTH - used - note.length)}${note}`;
    }
  }
  return line;
}

/** Every form `annotations` writes (older versions wrote the weekday as `Tue`). */
const DATED =
  /(?:^|\s)\[(?:(?:(?:\d{4}\.)?\d{2}\.)?\d{2} )?\d{2}:(\d{2})(?::(\d{2}))?(?: [A-Za-z]{3})?\]$/;
const MINUTE = /(?:^|\s)\[(\d{2})\]$/;

/**
 * `text` without a trailing date annotation of `ping`. Only a date that agrees with the ping (the
 * same seconds; minutes equal modulo 15, which every time zone's offset keeps) counts, so a
 * comment like `[42]` at the end of a line stays a comment.
 */
export function withoutAnnotation(text: string, ping: number): string {
  const match = DATED.exec(text) ?? MINUTE.exec(text);
  if (!match) return text;
  const [, minute, second] = match;
  if (second !== undefined && Number(second) !== ping % 60) return text;
  if ((Number(minute) - Math.floor(ping / 60)) % 15 !== 0) return text;
  return text.slice(0, match.index).trimEnd();
}
