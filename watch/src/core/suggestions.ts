/**
 * The watch's side of tag suggestions. The phone ranks the user's whole history with
 * @tagtime/log's `tagSnapshot` (frecency: each answer adds 2^(−age / HALF_LIFE) to each of its
 * tags); scores decay uniformly, so the watch carries the snapshot to `now` and adds only its own
 * answers the snapshot has not seen.
 *
 * The weight and the ranking below are copies of @tagtime/log's `frecencyWeight` and `topTags`:
 * the device code may only reach `@tagtime/log/compact` (the root pulls in modules the watch's
 * ES2020 check refuses), and `test/core.test.ts` holds the copies equal to the originals.
 */
export const HALF_LIFE_SECONDS = 7 * 86400;

/** Ranked tags as the phone computed them from the user's merged view (@tagtime/log's shape). */
export interface TagSnapshot {
  /** Unix seconds the scores refer to. */
  asOf: number;
  /** `[tag, score]`, best first. */
  tags: [string, number][];
  /** Renames, `[from, to]` with chains resolved, for the watch's answers the phone has not seen. */
  renames: [string, string][];
}

export const EMPTY_SNAPSHOT: TagSnapshot = { asOf: 0, tags: [], renames: [] };

export interface AnsweredTags {
  /** Ping time, unix seconds. */
  ping: number;
  tags: readonly string[];
  auto?: boolean;
}

/** The weight of an answer `ageSeconds` old (a future one counts as new). */
export function frecencyWeight(ageSeconds: number): number {
  return 2 ** (-Math.max(0, ageSeconds) / HALF_LIFE_SECONDS);
}

/** The best `limit` tags of a score map, ties by name so the order is stable. */
export function topTags(scores: Map<string, number>, limit: number): [string, number][] {
  return [...scores.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, limit)
    .map(([tag, score]) => [tag, Math.round(score * 1000) / 1000]);
}

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
