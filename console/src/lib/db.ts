import 'server-only';
import { createDb, type Database, type DbHandle } from '@tagtime/db';

// One pool per server process; Next's dev server re-evaluates modules, so keep it on globalThis.
const holder = globalThis as typeof globalThis & { tagtimeDb?: DbHandle };

export function db(): Database {
  holder.tagtimeDb ??= createDb(process.env.DATABASE_URL);
  return holder.tagtimeDb.db;
}
