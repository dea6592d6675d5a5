import type { Answer } from '@tagtime/log';

/** Distinct tags of the latest answers, most recent first: what completion offers. */
export function recentTags(answers: readonly Answer[], limit = 200): string[] {
  const seen = new Set<string>();
  for (let i = answers.length - 1; i >= 0 && seen.size < limit; i--) {
    for (const tag of (answers[i] as Answer).tags) seen.add(tag);
  }
  return [...seen];
}

/** The tags of the latest answer a person gave (what `"` repeats). */
export function lastHumanTags(answers: readonly Answer[]): string[] | undefined {
  for (let i = answers.length - 1; i >= 0; i--) {
    const answer = answers[i] as Answer;
    if (!answer.auto) return answer.tags;
  }
  return undefined;
}

/** Readline completion of the word under the cursor from `tags`. */
export function completeTag(tags: readonly string[], line: string): [string[], string] {
  const word = /\S*$/.exec(line)?.[0] ?? '';
  const hits = tags.filter((tag) => tag.startsWith(word));
  return [hits.length > 0 ? hits : [...tags], word];
}
