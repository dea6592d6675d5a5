import { type AnsweredTags, frecencyWeight, type TagSnapshot, topTags } from './frecency.js';
import type { LogView } from './log-view.js';

/** How many ranked tags a snapshot holds: enough for a scrolling list, small for the watch. */
export const SNAPSHOT_TAGS = 40;
/** How many renames a snapshot carries for the watch's unsent answers. */
export const SNAPSHOT_RENAMES = 20;

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
