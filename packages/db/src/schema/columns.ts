import { datetime, varchar } from 'drizzle-orm/mysql-core';

// Times are DATETIME(3) written by the application in UTC (the pool sets `timezone: 'Z'`), so
// no value depends on the server's time zone.
export const utcDatetime = (name: string) => datetime(name, { mode: 'date', fsp: 3 });

export const createdAt = () =>
  utcDatetime('created_at')
    .notNull()
    .$defaultFn(() => new Date());

export const updatedAt = () =>
  utcDatetime('updated_at')
    .notNull()
    .$defaultFn(() => new Date())
    .$onUpdateFn(() => new Date());

/** Random string ids (`usr_…`, `ten_…`). */
export const idColumn = (name = 'id') => varchar(name, { length: 32 });
