import { distance } from 'fastest-levenshtein';

/**
 * Tags as a person types them: separated by spaces or commas, so `work,code` and `work, code`
 * are two tags as `work code` is. (A comma is allowed inside a tag by the record rules, but no
 * one means it at a prompt.)
 */
export function splitTags(words: readonly string[]): string[] {
  return words.flatMap((word) => word.split(/[\s,]+/)).filter(Boolean);
}

/**
 * The tags closest to a mistyped one, nearest first (ties by how often they are used): those
 * within a third of its length in edits, or that contain it or are contained in it.
 */
export function nearestTags(
  typed: string,
  known: readonly { tag: string; count: number }[],
  limit = 3,
): string[] {
  const want = typed.toLowerCase();
  const reach = Math.max(2, Math.ceil(want.length / 3));
  return known
    .map(({ tag, count }) => {
      const have = tag.toLowerCase();
      const edits = distance(want, have);
      const related = have.includes(want) || want.includes(have);
      return { tag, count, edits: related ? Math.min(edits, reach) : edits };
    })
    .filter(({ edits }) => edits <= reach)
    .sort((a, b) => a.edits - b.edits || b.count - a.count)
    .slice(0, limit)
    .map(({ tag }) => tag);
}
