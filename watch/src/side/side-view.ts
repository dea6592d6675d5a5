import {
  foldLog,
  type KeptTag,
  type LogRecord,
  LogView,
  type LogViewChanges,
  type LogViewState,
  SNAPSHOT_RENAMES,
  SNAPSHOT_TAGS,
  scoreAnswers,
  type TagSnapshot,
  topTags,
} from '@tagtime/log';
import type { Schedule } from '@tagtime/ping';
import { KeptScores } from './kept-scores.js';
import type { StringStorage } from './side-store.js';
import {
  blockOf,
  type DayPage,
  dayOfCount,
  dayOfPing,
  dayOfTime,
  type PageWrites,
  TAGS_PER_PAGE,
  ViewPages,
} from './view-pages.js';
import {
  emptySummary,
  type LogPosition,
  readSummary,
  summaryState,
  type ViewSummary,
} from './view-summary.js';

export type { LogPosition } from './view-summary.js';

/** The checkpoint of an earlier version (the whole state as one value): dropped on opening. */
const OLD_CHECKPOINT = 'tt.store.view';

/** The store's records as the view reads them. */
export interface StoredLogs {
  position(): LogPosition;
  /** Records stored after `at` (own, then replica). */
  after(at: LogPosition): LogRecord[];
  all(): LogRecord[];
}

/**
 * The side store's `LogView`, kept in pages of the phone's settings storage so that what one
 * batch of records costs does not grow with the history: the ping slots and counts of each UTC
 * day on a page of their own, the tag records appended, and a summary holding the heads,
 * renames, configuration and tag scores. A batch is folded by a `LogView` resumed from only the
 * parts it touches (the state's parts are keyed independently; `takeChanges` names what
 * changed) and written with the summary in one journaled commit naming the position it covers.
 * The records are stored first, so opening applies what was stored after that position; a
 * summary of another generation (the own log was rewritten), ahead of the records, or
 * unreadable is dropped and every record folded again. Only a rename re-ranks every answer
 * (rare: a person's command); a full view (`state`) reads every page.
 */
export class SideView {
  #pages: ViewPages;
  #summary: ViewSummary = emptySummary({ gen: 0, own: 0, replica: 0 });
  #scores = new KeptScores();
  /** The summary as a view without answers, for renames and configuration. */
  #small: LogView | undefined;

  constructor(
    storage: StringStorage,
    private readonly now: () => number,
  ) {
    this.#pages = new ViewPages(storage);
    if (storage.getItem(OLD_CHECKPOINT) != null) storage.removeItem(OLD_CHECKPOINT);
  }

  /** Resumes the kept view and applies what was stored after it, or folds everything. */
  open(logs: StoredLogs): void {
    const recovered = this.#pages.recover();
    const saved = readSummary(this.#pages.read(this.#pages.metaKey));
    const at = logs.position();
    if (recovered && !saved && at.own === 0 && at.replica === 0) {
      // Nothing stored yet: the first records write the summary.
      this.#use(emptySummary(at));
      return;
    }
    const usable =
      recovered &&
      saved &&
      saved.gen === at.gen &&
      saved.own <= at.own &&
      saved.replica <= at.replica;
    if (!usable) {
      this.rebuild(logs, saved);
      return;
    }
    this.#use(saved);
    if (saved.own < at.own || saved.replica < at.replica) this.apply(logs.after(saved), at);
  }

  #use(summary: ViewSummary): void {
    this.#summary = summary;
    this.#scores = new KeptScores(summary.scores);
    this.#small = undefined;
  }

  #nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  /** Records just stored, the logs now standing at `at`. */
  apply(records: readonly LogRecord[], at: LogPosition): void {
    if (records.length === 0) return;
    const summary = this.#summary;
    const { pings, pages, unindexed } = this.#touched(records);
    const slotsOf = (p: number) => pages.get(dayOfPing(p))?.pings.filter((s) => s.ping === p);
    const view = LogView.from({
      ...summaryState(summary),
      pings: [...pings].flatMap((p) => slotsOf(p) ?? []),
      diagnostics: [...pages.values()].flatMap((page) => page.counts),
    });
    const before = new Map([...pings].map((p) => [p, view.answer(p)]));
    view.apply(records);
    const changes = view.takeChanges();

    const writes: PageWrites = new Map();
    const changed = placeChanges(pages, changes);
    for (const day of changed) writes.set(this.#pages.dayKey(day), JSON.stringify(pages.get(day)));
    const added = [...changed].filter((day) => unindexed.has(day));
    const small = view.state();
    const next: ViewSummary = {
      ...summary,
      ...at,
      size: changes.size,
      heads: small.heads,
      renames: small.renames,
      config: small.config,
      blocks: this.#index(summary.blocks, added, writes),
      tags: this.#appendTags(summary.tags, changes.tags, writes),
    };
    if (changes.renames.length > 0) {
      // A rename changes the tags of the answers before it: every answer is ranked again.
      const all = LogView.from({
        ...summaryState(next),
        pings: this.#pages.allPings(summary, pages),
      });
      this.#scores = KeptScores.of(all.answers(), this.#nowSeconds());
    } else {
      for (const p of pings) this.#scores.replace(before.get(p), view.answer(p));
      this.#scores.settle(this.#nowSeconds());
    }
    next.scores = this.#scores.toJSON();
    writes.set(this.#pages.metaKey, JSON.stringify(next));
    this.#pages.commit(writes);
    this.#use(next);
  }

  /** The pings the records touch and the pages of their days; `unindexed`: days without one. */
  #touched(records: readonly LogRecord[]) {
    const pings = new Set<number>();
    const days = new Set<number>();
    for (const record of records) {
      if (record.kind === 'ping') pings.add(record.body.ping);
      else if (record.kind === 'command' && record.body.op === 'delete-ping') {
        pings.add(record.body.ping);
      } else if (record.kind === 'error' || record.kind === 'event') days.add(dayOfTime(record.t));
    }
    for (const ping of pings) days.add(dayOfPing(ping));
    const pages = new Map<number, DayPage>();
    const unindexed = new Set<number>();
    for (const day of days) {
      const page = this.#pages.day(day);
      if (!page) unindexed.add(day);
      pages.set(day, page ?? { pings: [], counts: [] });
    }
    return { pings, pages, unindexed };
  }

  /** Adds new days to their index blocks; returns the summary's blocks. */
  #index(blocks: readonly number[], days: readonly number[], writes: PageWrites): number[] {
    const byBlock = new Map<number, number[]>();
    for (const day of days) byBlock.set(blockOf(day), [...(byBlock.get(blockOf(day)) ?? []), day]);
    for (const [block, added] of byBlock) {
      const list = [...this.#pages.block(block), ...added].sort((a, b) => a - b);
      writes.set(this.#pages.blockKey(block), JSON.stringify(list));
    }
    return [...new Set([...blocks, ...byBlock.keys()])].sort((a, b) => a - b);
  }

  /** Appends tag records to the last tag page (or new ones); returns the count kept. */
  #appendTags(count: number, tags: readonly KeptTag[], writes: PageWrites): number {
    const lists = new Map<number, KeptTag[]>();
    for (const tag of tags) {
      const n = Math.floor(count++ / TAGS_PER_PAGE);
      const list = lists.get(n) ?? this.#pages.tags(n);
      list.push(tag);
      lists.set(n, list);
    }
    for (const [n, list] of lists) writes.set(this.#pages.tagKey(n), JSON.stringify(list));
    return count;
  }

  /**
   * Folds every stored record into new pages (after the own log was rewritten, or when the kept
   * view cannot be used; `old` is the summary found, whose pages go). The old summary stays until
   * the new one replaces it, and its stale pages are removed before any index block is rewritten:
   * a crash midway leaves the old summary, which finds every page to clear when opening rebuilds
   * again from the same records.
   */
  rebuild(logs: StoredLogs, old: ViewSummary | undefined = this.#summary): void {
    const at = logs.position();
    const view = foldLog(logs.all());
    const state = view.state();
    const pages = new Map<number, DayPage>();
    const page = (day: number) => {
      const p = pages.get(day) ?? { pings: [], counts: [] };
      pages.set(day, p);
      return p;
    };
    for (const slot of state.pings) page(dayOfPing(slot.ping)).pings.push(slot);
    for (const count of state.diagnostics) page(dayOfCount(count)).counts.push(count);
    const index = new Map<number, number[]>();
    for (const day of [...pages.keys()].sort((a, b) => a - b)) {
      index.set(blockOf(day), [...(index.get(blockOf(day)) ?? []), day]);
    }
    const next: ViewSummary = {
      v: 2,
      ...at,
      size: state.size,
      heads: state.heads,
      renames: state.renames,
      config: state.config,
      scores: KeptScores.of(view.answers(), this.#nowSeconds()).toJSON(),
      blocks: [...index.keys()],
      tags: state.tags.length,
    };
    const oldBlocks = old?.blocks ?? [];
    const kept = this.#pages;
    const stale = old ? kept.days(old).filter((day) => !pages.has(day)) : [];
    kept.write(stale.map((day) => [kept.dayKey(day), null]));
    kept.write([...pages].map(([day, p]) => [kept.dayKey(day), JSON.stringify(p)]));
    const tagPages = Math.ceil(state.tags.length / TAGS_PER_PAGE);
    for (let n = 0; n < Math.ceil(Math.max(next.tags, old?.tags ?? 0) / TAGS_PER_PAGE); n++) {
      const list = state.tags.slice(n * TAGS_PER_PAGE, (n + 1) * TAGS_PER_PAGE);
      kept.write([[kept.tagKey(n), n < tagPages ? JSON.stringify(list) : null]]);
    }
    kept.write([...index].map(([block, days]) => [kept.blockKey(block), JSON.stringify(days)]));
    kept.write(
      oldBlocks.filter((block) => !index.has(block)).map((block) => [kept.blockKey(block), null]),
    );
    kept.write([[kept.metaKey, JSON.stringify(next)]]);
    this.#use(next);
  }

  /** The whole view, read from every page. */
  state(): LogViewState {
    return this.#pages.state(this.#summary);
  }

  #smallView(): LogView {
    this.#small ??= LogView.from(summaryState(this.#summary));
    return this.#small;
  }

  /**
   * @tagtime/log's `tagSnapshot` of the view at `asOf` (unix seconds), from the kept scores:
   * the best tags, and the renames as one flat map for the watch's answers the view lacks.
   */
  tagSnapshot(asOf: number): TagSnapshot {
    let scores = this.#scores.scores(asOf);
    if (!scores) {
      const pings = this.#pages.allPings(this.#summary);
      scores = scoreAnswers(
        LogView.from({ ...summaryState(this.#summary), pings }).answers(),
        asOf,
      );
    }
    return {
      asOf,
      tags: topTags(scores, SNAPSHOT_TAGS),
      renames: this.#smallView().latestNames().slice(-SNAPSHOT_RENAMES),
    };
  }

  schedule(): Schedule {
    return this.#smallView().schedule();
  }
}

/** Puts the changed slots and counts on their pages; returns the days changed. */
function placeChanges(pages: Map<number, DayPage>, changes: LogViewChanges): Set<number> {
  const changed = new Set<number>();
  for (const slot of changes.pings) {
    const day = dayOfPing(slot.ping);
    const { pings } = pages.get(day) as DayPage;
    const i = pings.findIndex((s) => s.ping === slot.ping);
    if (i >= 0) pings[i] = slot;
    else pings.push(slot);
    changed.add(day);
  }
  for (const count of changes.diagnostics) {
    const day = dayOfCount(count);
    const { counts } = pages.get(day) as DayPage;
    const i = counts.findIndex(
      (c) => c.device === count.device && c.kind === count.kind && c.day === count.day,
    );
    if (i >= 0) counts[i] = count;
    else counts.push(count);
    changed.add(day);
  }
  return changed;
}
