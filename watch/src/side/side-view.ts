import { foldLog, type LogRecord, LogView, type LogViewState } from '@tagtime/log';
import type { StringStorage } from './side-store.js';

const KEY = 'tt.store.view';

/** Records stored after the last checkpoint before the next is written (a cold start replays them). */
export const CHECKPOINT_RECORDS = 500;

/** Where the stored logs stood when a checkpoint was written. */
export interface LogPosition {
  /** Bumped, and saved, before the own log is rewritten (relabel, dropping records, reset). */
  gen: number;
  /** Own records, in the own log's order. */
  own: number;
  /** Replica records, in the order they were stored. */
  replica: number;
}

interface Checkpoint extends LogPosition {
  state: LogViewState;
}

/**
 * The side store's `LogView`, kept up to date in memory as records are stored and saved as a
 * checkpoint that names the position it covers. Opening resumes the checkpoint and applies the
 * records stored after it (each device's come after its head there: the own log grows in `t`,
 * a replica page follows its cursor), so a crash between a record's write and the checkpoint's
 * can never leave the view apart from the records; a checkpoint of another generation (the own
 * log was rewritten), ahead of the records or unreadable is dropped and the records are folded.
 * Saving only every `every` records keeps an answer's cost off the size of the state.
 */
export class SideView {
  #view = new LogView();
  #saved: LogPosition | undefined;

  constructor(
    private readonly storage: StringStorage,
    private readonly every = CHECKPOINT_RECORDS,
  ) {}

  /** Resumes from the checkpoint and what was stored after it, or folds everything. */
  open(gen: number, own: readonly LogRecord[], replica: readonly LogRecord[]): void {
    const saved = readCheckpoint(this.storage.getItem(KEY));
    if (saved && saved.gen === gen && saved.own <= own.length && saved.replica <= replica.length) {
      try {
        this.#view = LogView.from(saved.state);
        this.#view.apply(own.slice(saved.own));
        this.#view.apply(replica.slice(saved.replica));
        this.#saved = { gen, own: saved.own, replica: saved.replica };
        return;
      } catch {
        // A state this version cannot read: the records are the truth, fold them below.
      }
    }
    this.fold(own, replica);
  }

  /** Folds every record again (after the own log was rewritten); the next `save` writes it. */
  fold(own: readonly LogRecord[], replica: readonly LogRecord[]): void {
    this.#view = foldLog([...own, ...replica]);
    this.#saved = undefined;
  }

  /** Records just stored. */
  apply(records: readonly LogRecord[]): void {
    this.#view.apply(records);
  }

  /** After records are stored at `at`: writes a checkpoint when enough are not covered yet. */
  save(at: LogPosition): void {
    const saved = this.#saved;
    const behind =
      saved && saved.gen === at.gen ? at.own - saved.own + at.replica - saved.replica : Infinity;
    if (behind < this.every) return;
    const checkpoint: Checkpoint = { ...at, state: this.#view.state() };
    this.storage.setItem(KEY, JSON.stringify(checkpoint));
    this.#saved = { ...at };
  }

  /** Forgets the view and its checkpoint (the store was emptied). */
  clear(): void {
    this.storage.removeItem(KEY);
    this.#view = new LogView();
    this.#saved = undefined;
  }

  state(): LogViewState {
    return this.#view.state();
  }
}

function readCheckpoint(text: string | null | undefined): Checkpoint | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Checkpoint;
    const counts = [value.gen, value.own, value.replica];
    return counts.every(Number.isInteger) && value.state ? value : undefined;
  } catch {
    return undefined;
  }
}
