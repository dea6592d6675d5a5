import { index, int, mysqlTable, text, varchar } from 'drizzle-orm/mysql-core';
import { createdAt, utcDatetime } from './columns.js';

/**
 * Mail the apps send (verification, password reset, invitations). With no mail server
 * configured, this table is where mail goes: a developer page lists it, and tests read it.
 */
export const mailOutbox = mysqlTable(
  'mail_outbox',
  {
    id: int('id').autoincrement().primaryKey(),
    to: varchar('to_address', { length: 254 }).notNull(),
    subject: varchar('subject', { length: 200 }).notNull(),
    body: text('body').notNull(),
    createdAt: createdAt(),
    sentAt: utcDatetime('sent_at'),
  },
  (t) => [index('mail_outbox_to_idx').on(t.to)],
);
