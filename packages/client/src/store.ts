import type { Cursor, LogRecord, LogViewState } from '@tagtime/log/core';

/**
 * Where a client keeps its device's own log and its replica of the user's other logs. The
 * in-memory store is for tests and short-lived processes; the CLI keeps an LMDB store; the
 * watch supplies its own. Every method may be async so stores can sit on files or IndexedDB.
 */
export interface ClientStore {
  /** The device's own log, ascending by `t`. */
  ownRecords(): Promise<LogRecord[]>;
  /** `t` of the own log's last record, if it has one. */
  lastOwnTime(): Promise<number | undefined>;
  /**
   * Appends to the own log; callers pass records with increasing `t` after `lastOwnTime()`.
   * `json` is each record's canonical JSON as validation returned it, for a store that keeps
   * records as JSON (it may ignore it).
   */
  appendOwn(records: readonly LogRecord[], json?: readonly string[]): Promise<void>;
  /** Own records after the acknowledged point, ascending, at most `limit` of them. */
  unacked(limit: number): Promise<LogRecord[]>;
  /**
   * Optional: `unacked` with each record's canonical JSON as the store keeps it, so a push sizes
   * and sends it without encoding it again.
   */
  unackedJson?(limit: number): Promise<{ records: LogRecord[]; json: string[] }>;
  /** How many own records the server has not acknowledged yet. */
  unackedCount(): Promise<number>;
  /** `t` of the last own record the server confirmed it stored (undefined: none yet). */
  acked(): Promise<number | undefined>;
  /** Moves the acknowledged point forward to `t`; never moves it back. */
  setAcked(t: number): Promise<void>;
  /**
   * Gives every own record a new device id: only for records never sent (a device that answered
   * pings before it was paired). Throws when any own record was acknowledged already.
   */
  relabelOwn(device: string): Promise<number>;
  /** The pull cursor: per log, the last `t` replicated. */
  cursor(): Promise<Cursor>;
  /**
   * Stores replicated records and the cursor after them. The cursor is never stored ahead of its
   * records: a crash in between at worst makes the next pull fetch some records again, and
   * storing a record a second time keeps one copy. `json` is as for `appendOwn`.
   */
  putReplica(
    records: readonly LogRecord[],
    cursor: Cursor,
    json?: readonly string[],
  ): Promise<void>;
  /** The replicated records of other devices, in merged order. */
  replicaRecords(): Promise<LogRecord[]>;
  /**
   * Optional, with `takeView`, for a first sync: `putReplica` without folding the records into
   * the view, which lags them until `takeView` (a store that crashes in between folds its
   * records again when it opens). Folding each record is most of a first sync's work.
   */
  putReplicaUnfolded?(
    records: readonly LogRecord[],
    cursor: Cursor,
    json?: readonly string[],
  ): Promise<void>;
  /**
   * Optional: ends the lag `putReplicaUnfolded` began. Takes `state` (the server's kept view, a
   * fold of each device's records up to `state.heads`) as the view and folds the records held
   * after those heads in; without a state, or with one that names records the store does not
   * hold, folds every record itself. Answers whether the state was taken.
   */
  takeView?(state: LogViewState | undefined): Promise<boolean>;
  /** Optional: whether the view lags records stored by `putReplicaUnfolded` (a pull cut short). */
  viewLags?(): Promise<boolean>;
  /**
   * The `LogView` state (days in UTC) of every record the store holds, own and replicated, so a
   * view is a read instead of a fold of the whole history. The store updates it in the same
   * write as the records (`appendOwn`, `putReplica`, `relabelOwn`), so no crash can leave the two
   * apart; the contract's "kept equals fresh" holds it equal to a fold of the records.
   */
  viewState(): Promise<LogViewState>;
}
