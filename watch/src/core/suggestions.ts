/*
 * The watch's side of tag suggestions. The phone ranks the user's whole history with
 * @tagtime/log's `tagSnapshot` (frecency: each answer adds 2^(−age / HALF_LIFE) to each of its
 * tags); scores decay uniformly, so the watch carries the snapshot to `now` and adds only its own
 * answers the snapshot has not seen. The weight and the ranking are @tagtime/log's own, from its
 * `frecency` entry: the device code may not reach the package root (it pulls in modules the
 * watch's ES2020 check refuses).
 */
import {
  type AnsweredTags,
  frecencyWeight,
  type TagSnapshot,
  topTags,
} from '@tagtime/log/frecency';

export type { AnsweredTags, TagSnapshot };

export const EMPTY_SNAPSHOT: TagSnapshot = { asOf: 0, tags: [], renames: [] };

/** A tag after the snapshot's renames. */
export function renamed(tag: string, renames: readonly [string, string][]): string {
  for (const [from, to] of renames) if (from === tag) return to;
  return tag;
}

/**
 * The watch's ranking at `now`: the snapshot's scores decayed to `now` plus the watch's own
 * answers the snapshot did not include (renamed as the snapshot says), best first.
 */
export function rankTags(
  snapshot: TagSnapshot,
  local: Iterable<AnsweredTags>,
  now: number,
  limit = 24,
): string[] {
  const scores = new Map<string, number>();
  const carry = frecencyWeight(now - snapshot.asOf);
  for (const [tag, score] of snapshot.tags) scores.set(tag, score * carry);
  for (const answer of local) {
    if (answer.auto) continue;
    const weight = frecencyWeight(now - answer.ping);
    for (const tag of answer.tags) {
      const name = renamed(tag, snapshot.renames);
      scores.set(name, (scores.get(name) ?? 0) + weight);
    }
  }
  return topTags(scores, limit).map(([tag]) => tag);
}
