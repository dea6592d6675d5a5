import { LIMITS, type PingRecord } from './records.js';
import { localTime } from './views/zone.js';

/**
 * The original TagTime log: one line per ping,
 *   `<unix seconds> <tag> <tag>… [(<comment>)] [[<local date>]]`
 * e.g. `1184098754 work code (fixing the build) [2007.07.10 16:19:14 Tue]`. The bracketed date
 * is for people and is recomputed on writing; the comment becomes the answer's note. Answers the
 * original filled in by itself carry exactly the tags `afk off RETRO`; those become `auto`
 * answers. Blank lines and lines starting with `#` are skipped.
 */
export const AUTO_TAGS: readonly string[] = ['afk', 'off', 'RETRO'];

export interface TagTimeLine {
  ping: number;
  tags: string[];
  note?: string;
  auto?: boolean;
}

export interface LineError {
  line: number;
  message: string;
}

/** A TagTime log with bad lines; `errors` lists each, `message` the first few. */
export class TagTimeLogError extends Error {
  override name = 'TagTimeLogError';

  constructor(readonly errors: LineError[]) {
    const shown = errors.slice(0, 5).map((e) => `line ${e.line}: ${e.message}`);
    if (errors.length > 5) shown.push(`…and ${errors.length - 5} more bad lines`);
    super(shown.join('\n'));
  }
}

function isAutoTags(tags: readonly string[]): boolean {
  return tags.length === AUTO_TAGS.length && AUTO_TAGS.every((tag) => tags.includes(tag));
}

function checkTag(tag: string): string | undefined {
  if ([...tag].length > LIMITS.tagMaxLength) {
    return `tag "${tag.slice(0, 20)}…" is longer than ${LIMITS.tagMaxLength} characters`;
  }
  if (/[()[\]]/.test(tag)) return `tag "${tag}" contains a bracket; is a comment not closed?`;
  return undefined;
}

/**
 * Separates the words of a line from its parenthesised comments, which may stand anywhere and
 * nest; several comments are joined by a space into one note.
 */
function splitComments(text: string): { words: string; note?: string } | string {
  let words = '';
  const comments: string[] = [];
  let comment = '';
  let depth = 0;
  for (const c of text) {
    if (c === '(') {
      if (depth > 0) comment += c;
      depth++;
    } else if (c === ')') {
      if (depth === 0) return 'a ")" closes no comment';
      depth--;
      if (depth > 0) comment += c;
      else {
        comments.push(comment);
        comment = '';
        words += ' ';
      }
    } else if (depth > 0) comment += c;
    else words += c;
  }
  if (depth > 0) return 'a comment "(" is not closed by a ")"';
  return comments.length > 0 ? { words, note: comments.join(' ') } : { words };
}

/** Whether every ")" of `text` closes an earlier "(" and none is left open. */
function balanced(text: string): boolean {
  let depth = 0;
  for (const c of text) {
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

function parseLine(text: string): TagTimeLine | string {
  let rest = text.trim();
  const head = /^(\d+)(?:\s+|$)/.exec(rest);
  if (!head) return `"${rest.slice(0, 30)}" does not start with a unix time in seconds`;
  const ping = Number(head[1]);
  if (!Number.isSafeInteger(ping)) return `${head[1]} is not a usable unix time`;
  rest = rest.slice(head[0].length);
  if (rest.endsWith(']')) {
    const open = rest.lastIndexOf('[');
    if (open < 0) return 'a "]" has no matching "["';
    rest = rest.slice(0, open).trimEnd();
  }
  const split = splitComments(rest);
  if (typeof split === 'string') return split;
  const { words, note } = split;
  const tags = words.trim() === '' ? [] : words.trim().split(/\s+/);
  for (const tag of tags) {
    const problem = checkTag(tag);
    if (problem) return problem;
  }
  const line: TagTimeLine = { ping, tags };
  if (note !== undefined) line.note = note;
  if (isAutoTags(tags)) line.auto = true;
  return line;
}

/** Parses a TagTime log; throws `TagTimeLogError` naming every bad line. */
export function parseTagTimeLog(text: string): TagTimeLine[] {
  const lines: TagTimeLine[] = [];
  const errors: LineError[] = [];
  let previous: number | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const parsed = parseLine(trimmed);
    if (typeof parsed === 'string') {
      errors.push({ line: i + 1, message: parsed });
      return;
    }
    if (previous !== undefined && parsed.ping <= previous) {
      errors.push({
        line: i + 1,
        message: `ping ${parsed.ping} does not come after the previous line's ${previous}`,
      });
      return;
    }
    previous = parsed.ping;
    lines.push(parsed);
  });
  if (errors.length > 0) throw new TagTimeLogError(errors);
  return lines;
}

/**
 * Ping records of `device` for the lines of a TagTime log; `t` is the ping time in ms (the
 * original logs no entry time), which increases because the lines' pings do.
 */
export function tagTimeLinesToRecords(lines: readonly TagTimeLine[], device: string): PingRecord[] {
  return lines.map((line) => {
    const body: PingRecord['body'] = { ping: line.ping, tags: [...line.tags] };
    if (line.note !== undefined) body.note = line.note;
    if (line.auto) body.auto = true;
    return { device, t: line.ping * 1000, kind: 'ping', body };
  });
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** `2007.07.10 16:19:14 Tue`: the original's date annotation, in `timeZone`. */
export function tagTimeDate(ping: number, timeZone: string): string {
  const l = localTime(ping, timeZone);
  const weekday = WEEKDAYS[new Date(Date.UTC(l.year, l.month - 1, l.day)).getUTCDay()];
  return `${l.year}.${pad(l.month)}.${pad(l.day)} ${pad(l.hour)}:${pad(l.minute)}:${pad(l.second)} ${weekday}`;
}

/**
 * Writes answers as a TagTime log, one line each, by ping time. Notes lose line breaks, and
 * parentheses unless they pair up (the format has no way to quote them).
 */
export function writeTagTimeLog(
  answers: Iterable<{ ping: number; tags: readonly string[]; note?: string }>,
  options: { timeZone?: string } = {},
): string {
  const timeZone = options.timeZone ?? 'UTC';
  const sorted = [...answers].sort((a, b) => a.ping - b.ping);
  let out = '';
  for (const answer of sorted) {
    for (const tag of answer.tags) {
      if (/[()[\]]/.test(tag)) {
        throw new RangeError(`tag "${tag}" has a bracket, which the TagTime format cannot hold`);
      }
    }
    let line = String(answer.ping);
    if (answer.tags.length > 0) line += ` ${answer.tags.join(' ')}`;
    if (answer.note !== undefined) {
      const note = answer.note.replace(/[\r\n]+/g, ' ');
      line += ` (${balanced(note) ? note : note.replace(/[()]/g, '')})`;
    }
    out += `${line} [${tagTimeDate(answer.ping, timeZone)}]\n`;
  }
  return out;
}
