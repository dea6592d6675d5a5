import type { Answer } from '@tagtime/log';

/** Distinct tags of answers given latest first, most recent first: what completion offers. */
export function recentTags(latestFirst: Iterable<Answer>, limit = 200): string[] {
  const seen = new Set<string>();
  for (const answer of latestFirst) {
    if (seen.size >= limit) break;
    for (const tag of answer.tags) seen.add(tag);
  }
  return [...seen];
}

/** The tags of the latest answer a person gave (what `"` repeats), of answers latest first. */
export function lastHumanTags(latestFirst: Iterable<Answer>): string[] | undefined {
  for (const answer of latestFirst) if (!answer.auto) return answer.tags;
  return undefined;
}

/** Readline completion of the word under the cursor from `tags`. */
export function completeTag(tags: readonly string[], line: string): [string[], string] {
  const word = /\S*$/.exec(line)?.[0] ?? '';
  const hits = tags.filter((tag) => tag.startsWith(word));
  return [hits.length > 0 ? hits : [...tags], word];
}
