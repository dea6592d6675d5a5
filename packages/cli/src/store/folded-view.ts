import {
  type Answer,
  compareRecords,
  type JsonValue,
  type LogRecord,
  type PingRecord,
  type RecordId,
  RenameChain,
} from '@tagtime/log';
import type { Database } from 'lmdb';
import { APPEND, putIf } from './lmdb-put.js';

// The user's view kept folded on disk, next to the records, and updated in the same write
// transaction as each record, so no command ever refolds the log. It follows @tagtime/log's
// LogView rule for rule (tests compare the two on random logs): per ping, a person's answer beats
// a device's, then the later in merged order wins; a delete-ping command hides the answers
// before it; renames apply to what was written before them; the latest config value wins.

/** One answer to a ping: `[t, device, 1 if auto]`. */
type Candidate = [number, string, 0 | 1];

/**
 * What the view shows for one ping time, and what it needs to show the right one when a delete
 * comes: one value per ping, so folding an answer is one read and one write.
 */
export interface Slot {
  /** The answer shown, if any. */
  w?: Candidate;
  /**
   * The other answers not hidden by a delete (usually none: a ping answered on two devices, an
   * automatic answer under a person's), for when a delete hides the one shown. Hidden answers
   * are dropped: deletes only move forward, so they never show again.
   */
  o?: Candidate[];
  /** The latest delete-ping command for this ping: answers before it are hidden. */
  d?: [number, string];
}

export interface ConfigEntry {
  t: number;
  device: string;
  value: JsonValue;
}

/** The tables of the folded view (named databases of one LMDB environment). */
export interface ViewTables {
  slots: Database<Slot, number>;
  /** Shown answers per tag, renames applied. */
  totals: Database<number, string>;
  config: Database<ConfigEntry, string>;
  /** Rename commands by id: `[from, to]`. */
  renames: Database<[string, string], [number, string]>;
  meta: Database<unknown, string>;
}

const id = (t: number, device: string): RecordId => ({ t, device });

/** Whether candidate `a` beats `b`: a person beats a device, then the later one wins. */
function beats(a: Candidate, b: Candidate): boolean {
  if (a[2] !== b[2]) return b[2] === 1;
  return compareRecords(id(a[0], a[1]), id(b[0], b[1])) > 0;
}

const hidden = (c: Candidate, slot: Slot): boolean =>
  slot.d !== undefined && compareRecords(id(c[0], c[1]), id(slot.d[0], slot.d[1])) < 0;

/** Drops the answers a slot's delete hides and shows the best of the rest. */
function afterDelete(slot: Slot): void {
  const kept = [...(slot.w ? [slot.w] : []), ...(slot.o ?? [])].filter((c) => !hidden(c, slot));
  let best: Candidate | undefined;
  for (const c of kept) if (!best || beats(c, best)) best = c;
  const rest = kept.filter((c) => c !== best);
  if (best) slot.w = best;
  else delete slot.w;
  if (rest.length > 0) slot.o = rest;
  else delete slot.o;
}

/** Reads a stored record by id (own log or replica). */
export type RecordLookup = (t: number, device: string) => LogRecord | undefined;

export const ANSWERED = 'view:answered';

/**
 * Folds records into the view tables. Use one per write transaction: call `add` for each new
 * record, then `finish`, all inside the transaction.
 */
export class ViewWriter {
  readonly #deltas = new Map<string, number>();
  #answered = 0;
  #renamed = false;

  constructor(
    private readonly tables: ViewTables,
    private readonly chain: RenameChain,
    private readonly lookup: RecordLookup,
    /** False while refolding everything: the totals are counted once at the end. */
    private readonly counting = true,
  ) {}

  add(record: LogRecord): void {
    switch (record.kind) {
      case 'ping': {
        const candidate: Candidate = [record.t, record.device, record.body.auto === true ? 1 : 0];
        this.#update(
          record.body.ping,
          (slot) => {
            if (hidden(candidate, slot)) return;
            if (!slot.w) slot.w = candidate;
            else if (beats(candidate, slot.w)) {
              slot.o = [...(slot.o ?? []), slot.w];
              slot.w = candidate;
            } else slot.o = [...(slot.o ?? []), candidate];
          },
          record,
        );
        break;
      }
      case 'command':
        if (record.body.op === 'rename-tag') {
          this.tables.renames.putSync(
            [record.t, record.device],
            [record.body.from, record.body.to],
          );
          this.chain.add(record, record.body.from, record.body.to);
          this.#renamed = true;
        } else {
          const { ping } = record.body;
          this.#update(ping, (slot) => {
            if (slot.d && compareRecords(record, id(slot.d[0], slot.d[1])) <= 0) return;
            slot.d = [record.t, record.device];
            afterDelete(slot);
          });
        }
        break;
      case 'config': {
        const current = this.tables.config.get(record.body.key);
        if (!current || compareRecords(record, current) > 0) {
          this.tables.config.putSync(record.body.key, {
            t: record.t,
            device: record.device,
            value: record.body.value,
          });
        }
        break;
      }
      default:
        // Tag metadata, errors and events are read from the record tables by time.
        break;
    }
  }

  /** Changes one ping's slot; `added` is the record being folded (no need to read it back). */
  #update(ping: number, change: (slot: Slot) => void, added?: PingRecord): void {
    const { slots } = this.tables;
    // A ping after every slot's has none yet: its slot is appended, with no read and no search.
    // Records come in merged order and pings with them, so that is most of them.
    let slot: Slot = {};
    change(slot);
    let before: Candidate | undefined;
    if (!putIf(slots, ping, slot, APPEND)) {
      slot = slots.get(ping) ?? {};
      before = slot.w;
      change(slot);
      slots.putSync(ping, slot);
    }
    const after = slot.w;
    if (before === after || !this.counting) return;
    if (before) this.#count(before, -1);
    if (after) this.#count(after, 1, added);
  }

  #count(candidate: Candidate, sign: 1 | -1, added?: PingRecord): void {
    this.#answered += sign;
    const record =
      added && added.t === candidate[0] && added.device === candidate[1]
        ? added
        : (this.lookup(candidate[0], candidate[1]) as PingRecord);
    for (const tag of this.chain.renameAll(record, record.body.tags)) {
      this.#deltas.set(tag, (this.#deltas.get(tag) ?? 0) + sign);
    }
  }

  /** Writes the tag totals: the changes, or all of them anew after a rename. */
  finish(): void {
    const { totals, meta } = this.tables;
    if (this.#renamed) {
      recountTotals(this.tables, this.chain, this.lookup);
      return;
    }
    for (const [tag, delta] of this.#deltas) {
      const count = (totals.get(tag) ?? 0) + delta;
      if (count > 0) totals.putSync(tag, count);
      else totals.removeSync(tag);
    }
    if (this.#answered !== 0) {
      meta.putSync(ANSWERED, ((meta.get(ANSWERED) as number | undefined) ?? 0) + this.#answered);
    }
  }
}

/**
 * Counts every shown answer's tags again: after a rename, which changes the tags of everything
 * written before it (rare, and a walk over the answers, never over the whole log).
 */
export function recountTotals(tables: ViewTables, chain: RenameChain, lookup: RecordLookup): void {
  const counts = new Map<string, number>();
  let answered = 0;
  for (const { value: slot } of tables.slots.getRange()) {
    const winner = slot.w;
    if (!winner) continue;
    answered++;
    const record = lookup(winner[0], winner[1]) as PingRecord;
    for (const tag of chain.renameAll(record, record.body.tags)) {
      counts.set(tag, (counts.get(tag) ?? 0) + 1);
    }
  }
  tables.totals.clearSync();
  for (const [tag, count] of counts) tables.totals.putSync(tag, count);
  tables.meta.putSync(ANSWERED, answered);
}

/** The answer a slot shows, as LogView shows it. */
export function answerOf(
  ping: number,
  slot: Slot,
  chain: RenameChain,
  lookup: RecordLookup,
): Answer | undefined {
  const winner = slot.w;
  if (!winner) return undefined;
  const record = lookup(winner[0], winner[1]) as PingRecord;
  const answer: Answer = {
    ping,
    tags: chain.renameAll(record, record.body.tags),
    auto: record.body.auto === true,
    device: record.device,
    t: record.t,
  };
  if (record.body.note !== undefined) answer.note = record.body.note;
  return answer;
}

/** The rename commands of the view, as a chain (loaded once when the store opens). */
export function loadRenames(tables: ViewTables): RenameChain {
  const chain = new RenameChain();
  for (const { key, value } of tables.renames.getRange()) {
    chain.add(id(key[0], key[1]), value[0], value[1]);
  }
  return chain;
}
