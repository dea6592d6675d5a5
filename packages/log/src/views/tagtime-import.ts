import type { PingBody, RecordDraft } from '../records.js';
import type { TagTimeLine } from '../tagtime-format.js';
import type { Answer } from './answers.js';

/**
 * Whether a line of an original TagTime log adds something to a view: a ping with no answer
 * yet, or a person's answer where only an automatic one exists. An answer already shown (the
 * same, or a different one given since) is kept, so importing a file twice, or after answering
 * on another device, changes nothing. Every importer (the CLI, the console) uses this rule.
 */
export function isNewTagTimeLine(
  view: { answer(ping: number): Answer | undefined },
  line: TagTimeLine,
): boolean {
  const shown = view.answer(line.ping);
  if (!shown) return true;
  return shown.auto && !line.auto;
}

/** The answer record (without device and time) that imports a TagTime line. */
export function tagTimeLineDraft(line: TagTimeLine): RecordDraft {
  const body: PingBody = { ping: line.ping, tags: [...line.tags] };
  if (line.note !== undefined) body.note = line.note;
  if (line.auto) body.auto = true;
  return { kind: 'ping', body };
}

/**
 * What importing `lines` writes to a view: the answer drafts of the lines that add something
 * (`isNewTagTimeLine`), and how many lines it keeps as they are. With no view yet (nothing
 * logged), every line is new.
 */
export function tagTimeImport(
  view: { answer(ping: number): Answer | undefined } | undefined,
  lines: readonly TagTimeLine[],
): { drafts: RecordDraft[]; kept: number } {
  const fresh = view ? lines.filter((line) => isNewTagTimeLine(view, line)) : lines;
  return { drafts: fresh.map(tagTimeLineDraft), kept: lines.length - fresh.length };
}
