import type { KeptConfig, KeptRename, LogViewState } from '@tagtime/log';
import { KeptScores, type KeptScoresJson } from './kept-scores.js';

/** Where the stored logs stood when the view was last written. */
export interface LogPosition {
  /** Bumped, and saved, before the own log is rewritten (relabel, dropping records, reset). */
  gen: number;
  /** Own records, in the own log's order. */
  own: number;
  /** Replica records, in the order they were stored. */
  replica: number;
}

/**
 * The kept view's summary: every part of it but the day pages and the tag records, small
 * whatever the history, and the position of the stored logs it covers.
 */
export interface ViewSummary extends LogPosition {
  v: 2;
  size: number;
  heads: Record<string, number>;
  renames: KeptRename[];
  config: KeptConfig[];
  scores: KeptScoresJson;
  /** The index blocks that list days with a page, ascending (see `ViewPages`). */
  blocks: number[];
  /** Tag records kept (in pages of `TAGS_PER_PAGE`). */
  tags: number;
}

export function emptySummary(at: LogPosition): ViewSummary {
  const scores = new KeptScores().toJSON();
  return { v: 2, ...at, size: 0, heads: {}, renames: [], config: [], scores, blocks: [], tags: 0 };
}

/** The summary's parts as a view state without answers, counts or tag records. */
export function summaryState(summary: ViewSummary): LogViewState {
  return {
    v: 1,
    timeZone: 'UTC',
    size: summary.size,
    heads: summary.heads,
    pings: [],
    renames: summary.renames,
    tags: [],
    config: summary.config,
    diagnostics: [],
  };
}

/** The summary in `text`, or undefined when there is none this version can use. */
export function readSummary(text: string | undefined): ViewSummary | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as ViewSummary;
    const counts = [value.gen, value.own, value.replica, value.size, value.tags];
    if (value.v !== 2 || !counts.every(Number.isInteger)) return undefined;
    const lists = [value.renames, value.config, value.blocks];
    if (!lists.every(Array.isArray) || !value.scores) {
      return undefined;
    }
    return value;
  } catch {
    return undefined;
  }
}
