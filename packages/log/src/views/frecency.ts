// Frecency alone, for the watch as well as the views: no imports, nothing beyond ES2020.

/**
 * Tag suggestions ranked by recency and frequency ("frecency"): each answer adds
 * 2^(−age / HALF_LIFE) to each of its tags. Exponential decay makes scores portable in time — a
 * score computed at `asOf` is worth score · 2^(−(now − asOf) / HALF_LIFE) later — so a phone or
 * the server ranks the user's whole merged history once and the watch only adds its own new
 * answers.
 */
export const HALF_LIFE_SECONDS = 7 * 86400;

/** Ranked tags computed from the user's merged view. */
export interface TagSnapshot {
  /** Unix seconds the scores refer to. */
  asOf: number;
  /** `[tag, score]`, best first. */
  tags: [string, number][];
  /** Renames, `[from, to]` with chains resolved, for answers the view has not seen yet. */
  renames: [string, string][];
}

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
