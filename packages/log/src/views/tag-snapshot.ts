import type { LogView } from './log-view.js';

/**
 * Tag suggestions ranked by recency and frequency ("frecency"): each answer adds
 * 2^(−age / HALF_LIFE) to each of its tags. Exponential decay makes scores portable in time — a
 * score computed at `asOf` is worth score · 2^(−(now − asOf) / HALF_LIFE) later — so a phone or
 * the server ranks the user's whole merged history once and the watch only adds its own new
 * answers.
 */
export const HALF_LIFE_SECONDS = 7 * 86400;

/** How many ranked tags a snapshot holds: enough for a scrolling list, small for the watch. */
export const SNAPSHOT_TAGS = 40;
/** How many renames a snapshot carries for the watch's unsent answers. */
export const SNAPSHOT_RENAMES = 20;

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

/** Scores of `answers` at `asOf`; automatic answers do not count. */
export function scoreAnswers(answers: Iterable<AnsweredTags>, asOf: number): Map<string, number> {
  const scores = new Map<string, number>();
  for (const answer of answers) {
    if (answer.auto) continue;
    const weight = frecencyWeight(asOf - answer.ping);
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

/**
 * A watch's tag list from the user's view: every shown answer's tags (renames applied, a
 * person's answer beating a device's) ranked by frecency at `asOf`, plus the view's renames as
 * one flat map (`RenameChain.latestNames`, the last `SNAPSHOT_RENAMES`) for the watch's own
 * answers the view has not seen yet.
 */
export function tagSnapshot(view: LogView, asOf: number): TagSnapshot {
  return {
    asOf,
    tags: topTags(scoreAnswers(view.answers(), asOf), SNAPSHOT_TAGS),
    renames: view.latestNames().slice(-SNAPSHOT_RENAMES),
  };
}
