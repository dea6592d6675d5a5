import type { DBSchema, IDBPDatabase, IDBPObjectStore } from 'idb';

/**
 * The store's IndexedDB layout. Records are kept as their canonical JSON (as validation returned
 * it), so a push sends them without encoding them again; the view as `LogViewState` entries
 * under array keys (`stateEntries` of @tagtime/log), which IndexedDB orders as LMDB does.
 */
export interface WebStoreSchema extends DBSchema {
  /** The device's own log: `t` → record JSON. */
  own: { key: number; value: string };
  /** The other devices' logs: `[t, device]` (merged order) → record JSON. */
  replica: { key: [number, string]; value: string };
  /** The acknowledged point, the pull cursor and the app's settings. */
  meta: { key: string; value: unknown };
  /** The kept `LogView` state as entries (`StateEntryKey` → value). */
  view: { key: (string | number)[]; value: unknown };
}

export const SCHEMA_VERSION = 1;

/** Meta key, set while the view lags records a first sync stored unfolded. */
export const LAGS = 'viewLags';

export type WebStoreDb = IDBPDatabase<WebStoreSchema>;

export type ViewTable = IDBPObjectStore<
  WebStoreSchema,
  ArrayLike<'own' | 'replica' | 'meta' | 'view'>,
  'view',
  'readwrite'
>;

export type ReadableViewTable = IDBPObjectStore<
  WebStoreSchema,
  ArrayLike<'own' | 'replica' | 'meta' | 'view'>,
  'view',
  'readonly' | 'readwrite'
>;

/** Creates the object stores of a new database (version 1). */
export function createTables(db: IDBPDatabase<WebStoreSchema>): void {
  db.createObjectStore('own');
  db.createObjectStore('replica');
  db.createObjectStore('meta');
  db.createObjectStore('view');
}
