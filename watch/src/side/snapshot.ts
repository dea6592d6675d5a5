import type { KeptRename, LogView } from '@tagtime/log';
import { scoreAnswers, type TagSnapshot, topTags } from '../core/suggestions.js';

/** How many ranked tags the watch gets: enough for a scrolling list, small for the message. */
export const SNAPSHOT_TAGS = 40;
const SNAPSHOT_RENAMES = 20;

/**
 * The watch's tag list from the user's kept view: every answer's tags (renames applied, a
 * person's answer beating a device's) ranked by frecency at `asOf`, plus the renames the watch
 * must apply to its own answers that the phone has not seen yet. Those come from the view's
 * rename chain (in merged order), as one flat map: the watch cannot place its unsent answers
 * among the chain, so each tag maps to what its last rename, and the renames after it, made it.
 */
export function tagSnapshot(
  view: LogView,
  chain: readonly KeptRename[],
  asOf: number,
): TagSnapshot {
  const scores = scoreAnswers(view.answers(), asOf);
  const renames = new Map<string, string>();
  for (const { from, to } of chain) {
    for (const [key, value] of renames) if (value === from) renames.set(key, to);
    renames.delete(from);
    renames.set(from, to);
  }
  return {
    asOf,
    tags: topTags(scores, SNAPSHOT_TAGS),
    renames: [...renames.entries()].slice(-SNAPSHOT_RENAMES),
  };
}
