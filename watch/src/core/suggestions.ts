/**
 * Tag suggestions ranked by recency and frequency ("frecency"): each answer adds
 * 2^(−age / HALF_LIFE) to each of its tags. Exponential decay makes scores portable in time — a
 * score computed at `asOf` is worth score · 2^(−(now − asOf) / HALF_LIFE) later — so the phone
 * can rank the user's whole merged history once and the watch only adds its own new answers.
 */
export const HALF_LIFE_SECONDS = 7 * 86400;

/** Ranked tags as the phone computed them from the user's merged view. */
export interface TagSnapshot {
  /** Unix seconds the scores refer to. */
  asOf: number;
  /** `[tag, score]`, best first. */
  tags: [string, number][];
  /** Renames from other devices, `[from, to]` with chains resolved, for the watch's own answers. */
  renames: [string, string][];
}

export const EMPTY_SNAPSHOT: TagSnapshot = { asOf: 0, tags: [], renames: [] };

export interface AnsweredTags {
  /** Ping time, unix seconds. */
  ping: number;
  tags: readonly string[];
  auto?: boolean;
}

function decay(ageSeconds: number): number {
  return 2 ** (-Math.max(0, ageSeconds) / HALF_LIFE_SECONDS);
}

/** Scores of `answers` at `asOf` (the phone's side of the ranking); auto answers do not count. */
export function scoreAnswers(answers: Iterable<AnsweredTags>, asOf: number): Map<string, number> {
  const scores = new Map<string, number>();
  for (const answer of answers) {
    if (answer.auto) continue;
    const weight = decay(asOf - answer.ping);
    for (const tag of answer.tags) scores.set(tag, (scores.get(tag) ?? 0) + weight);
  }
  return scores;
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
  const carry = decay(now - snapshot.asOf);
  for (const [tag, score] of snapshot.tags) scores.set(tag, score * carry);
  for (const answer of local) {
    if (answer.auto) continue;
    const weight = decay(now - answer.ping);
    for (const tag of answer.tags) {
      const name = renamed(tag, snapshot.renames);
      scores.set(name, (scores.get(name) ?? 0) + weight);
    }
  }
  return topTags(scores, limit).map(([tag]) => tag);
}
