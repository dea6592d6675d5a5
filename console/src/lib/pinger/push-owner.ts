/**
 * Whose pinger a Web Push subscription rings for. A browser has one subscription per service
 * worker, and its answers must go into the store of the person who turned "ring me when closed"
 * on (`tagtime-pinger:<user id>`); the service worker knows no session, so the page writes the
 * store's name here, in a small IndexedDB database of its own, and the worker reads it.
 */

const DATABASE = 'tagtime-pinger-push';
const TABLE = 'owner';
const KEY = 'owner';

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function withTable<T>(
  mode: IDBTransactionMode,
  use: (table: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const open = indexedDB.open(DATABASE, 1);
  open.onupgradeneeded = () => open.result.createObjectStore(TABLE);
  const db = await done(open);
  try {
    const tx = db.transaction(TABLE, mode);
    const result = await done(use(tx.objectStore(TABLE)));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
    return result;
  } finally {
    db.close();
  }
}

/** Notes that this browser's push subscription rings for the pinger whose store is `store`. */
export async function rememberPushOwner(store: string): Promise<void> {
  await withTable('readwrite', (table) => table.put(store, KEY));
}

/** The store the subscription's answers go into; undefined when none was turned on here. */
export async function pushOwner(): Promise<string | undefined> {
  const store = await withTable('readonly', (table) => table.get(KEY));
  return typeof store === 'string' ? store : undefined;
}

export async function forgetPushOwner(): Promise<void> {
  await withTable('readwrite', (table) => table.delete(KEY));
}

/**
 * The owner noted here, without making the database in a browser that never turned ringing on
 * (every page of the console asks: see PushOwnerCheck). Undefined when there is none.
 */
export async function pushOwnerIfAny(): Promise<string | undefined> {
  if (typeof indexedDB === 'undefined') return undefined;
  if ('databases' in indexedDB) {
    const known = await indexedDB.databases();
    if (!known.some(({ name }) => name === DATABASE)) return undefined;
  }
  return pushOwner();
}
