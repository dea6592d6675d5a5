import { LIMITS, type PingRecord } from './records.js';
import { annotate, annotations, commentsOf, withoutAnnotation } from './tagtime-line.js';

// The original TagTime log (github.com/tagtime/TagTime): one line per ping,
//   `<unix seconds> <tag> <tag>… <comments>   [<local date>]`
// e.g. `1699197168 err [missed ping from 1439s ago]          [2023.11.05 15:12:48 SUN]`.
// Everything inside `(...)` and `[...]`, nested, anywhere on the line, is a comment (the
// original's own rule); the rest are the tags. Comments become the answer's note, the trailing
// date annotation is for people and is recomputed on writing (see `tagtime-line.ts`). Blank
// lines and lines starting with `#` are skipped.

/** The tags the CLI writes by itself for pings that passed unanswered, as the original does. */
export const AUTO_TAGS: readonly string[] = ['afk', 'off', 'RETRO'];

/**
 * Tag sets the original writes by itself (launch.pl): `afk off RETRO` for pings the computer
 * was off for, `afk RETRO` for pings it could not ask in time, `err` for a ping window closed
 * without an answer. Lines with exactly these tags become `auto` answers.
 */
const ORIGINAL_AUTO_TAGS: readonly (readonly string[])[] = [AUTO_TAGS, ['afk', 'RETRO'], ['err']];

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

/** Whether the original would have written these tags by itself. */
export function isOriginalAutoTags(tags: readonly string[]): boolean {
  return ORIGINAL_AUTO_TAGS.some(
    (auto) => auto.length === tags.length && auto.every((tag) => tags.includes(tag)),
  );
}

function checkTag(tag: string): string | undefined {
  if ([...tag].length > LIMITS.tagMaxLength) {
    return `tag "${tag.slice(0, 20)}…" is longer than ${LIMITS.tagMaxLength} characters`;
  }
  return undefined;
}

function parseLine(text: string): TagTimeLine | string {
  const head = /^(\d+)(?:\s+|$)/.exec(text);
  if (!head) return `"${text.slice(0, 30)}" does not start with a unix time in seconds`;
  const ping = Number(head[1]);
  if (!Number.isSafeInteger(ping)) return `${head[1]} is not a usable unix time`;
  const content = commentsOf(withoutAnnotation(text.slice(head[0].length), ping));
  if (typeof content === 'string') return content;
  for (const tag of content.tags) {
    const problem = checkTag(tag);
    if (problem) return problem;
  }
  const line: TagTimeLine = { ping, tags: content.tags };
  if (content.note !== undefined) line.note = content.note;
  if (isOriginalAutoTags(content.tags)) line.auto = true;
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

/** `2007.07.10 16:19:14 TUE`: the original's longest date annotation, in `timeZone`. */
export function tagTimeDate(ping: number, timeZone: string): string {
  return (annotations(ping, timeZone)[0] as string).slice(1, -1);
}

interface WritableAnswer {
  ping: number;
  tags: readonly string[];
  note?: string;
}

/** Whether `line` reads back as `answer` (tags in order, the same note). */
function readsBackAs(line: string, answer: WritableAnswer, note: string | undefined): boolean {
  const back = parseLine(line);
  if (typeof back === 'string') return false;
  return (
    back.ping === answer.ping &&
    back.note === note &&
    back.tags.length === answer.tags.length &&
    back.tags.every((tag, i) => tag === answer.tags[i])
  );
}

/** A note as a comment, and the note the original's rule reads back from that comment. */
function commentFor(note: string): { comment: string; kept: string } {
  const flat = note.replace(/[\r\n]+/g, ' ');
  const alone = commentsOf(flat);
  if (typeof alone !== 'string' && alone.tags.length === 0 && alone.note === flat) {
    return { comment: flat, kept: flat };
  }
  const wrapped = commentsOf(`(${flat})`);
  const kept =
    typeof wrapped !== 'string' && wrapped.note === flat ? flat : flat.replace(/[()]/g, '');
  return { comment: `(${kept})`, kept };
}

/**
 * A note as a TagTime comment: as written when the original reads it as comments alone
 * (`[missed ping from 1439s ago]`, `(a)(b)`), else in parentheses; a note whose parentheses do
 * not pair up loses them (the format cannot quote them). Line breaks become spaces.
 */
export function tagTimeComment(note: string): string {
  return commentFor(note).comment;
}

/** One answer as a line, with its date annotation; it reads back as the same answer. */
function lineOf(answer: WritableAnswer, timeZone: string): string {
  for (const tag of answer.tags) {
    if (/[()[\]]/.test(tag)) {
      throw new RangeError(
        `tag "${tag}" of ping ${answer.ping} has a bracket, which the TagTime format cannot hold`,
      );
    }
  }
  const start =
    answer.tags.length > 0 ? `${answer.ping} ${answer.tags.join(' ')}` : `${answer.ping}`;
  if (answer.note === undefined) return annotate(start, answer.ping, timeZone);
  const { comment, kept } = commentFor(answer.note);
  const line = annotate(`${start} ${comment}`, answer.ping, timeZone);
  if (readsBackAs(line, answer, kept)) return line;
  // A comment such as `[42]` at the end of a line too long for a date passes for one; in
  // parentheses it cannot.
  return annotate(`${start} (${kept})`, answer.ping, timeZone);
}

/**
 * Writes answers as a TagTime log the original reads, one line each, by ping time, each with
 * its date annotation in `timeZone` (default UTC). `auto` is not written: the original knows it
 * only by the tags (`isOriginalAutoTags`).
 */
export function writeTagTimeLog(
  answers: Iterable<WritableAnswer>,
  options: { timeZone?: string } = {},
): string {
  const timeZone = options.timeZone ?? 'UTC';
  const sorted = [...answers].sort((a, b) => a.ping - b.ping);
  let out = '';
  for (const answer of sorted) out += `${lineOf(answer, timeZone)}\n`;
  return out;
}
