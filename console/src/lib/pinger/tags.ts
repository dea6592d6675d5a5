import { type Answer, scoreAnswers, topTags } from '@tagtime/log';

/** Tags offered as chips: at most this many. */
export const CHIP_TAGS = 24;

/**
 * The person's tags ranked by recency and frequency ("frecency", @tagtime/log's rule for the
 * watch's list too): each answer adds 2^(−age / a week) to each of its tags; devices' automatic
 * answers do not count.
 */
export function rankTags(answers: readonly Answer[], asOf: number, limit = CHIP_TAGS): string[] {
  return topTags(scoreAnswers(answers, asOf), limit).map(([tag]) => tag);
}

/** The tags a person gave last (what "same as last" and `"` repeat), of answers by ping time. */
export function lastHumanTags(answers: readonly Answer[]): string[] | undefined {
  for (let i = answers.length - 1; i >= 0; i--) {
    const answer = answers[i] as Answer;
    if (!answer.auto && answer.tags.length > 0) return answer.tags;
  }
  return undefined;
}

/** Splits what was typed into tags (whitespace between them; tags hold none). */
export function typedTags(text: string): string[] {
  return [...new Set(text.split(/\s+/).filter(Boolean))];
}

/** The word being typed: the text after the last space (empty after a space). */
export function currentWord(text: string): string {
  return /\S*$/.exec(text)?.[0] ?? '';
}

/**
 * The chips to show while typing: ranked tags starting with the word being typed, then those
 * containing it, leaving out tags already typed.
 */
export function filterTags(ranked: readonly string[], text: string): string[] {
  const word = currentWord(text).toLowerCase();
  const typed = new Set(typedTags(text).slice(0, word ? -1 : undefined));
  const open = ranked.filter((tag) => !typed.has(tag));
  if (!word) return open;
  const starts = open.filter((tag) => tag.toLowerCase().startsWith(word));
  const contains = open.filter(
    (tag) => !tag.toLowerCase().startsWith(word) && tag.toLowerCase().includes(word),
  );
  return [...starts, ...contains];
}

/** The text with the word being typed replaced by `tag`, and a space to start the next. */
export function completeWith(text: string, tag: string): string {
  return `${text.slice(0, text.length - currentWord(text).length)}${tag} `;
}
