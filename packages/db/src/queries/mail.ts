import { desc, eq } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { mailOutbox } from '../schema/mail.js';

export type OutboxMail = typeof mailOutbox.$inferSelect;

/** Puts a mail in the outbox, where a relay (or, in development, the outbox page) picks it up. */
export async function enqueueMail(
  db: Executor,
  mail: { to: string; subject: string; body: string },
  at = new Date(),
): Promise<void> {
  await db.insert(mailOutbox).values({ ...mail, createdAt: at });
}

/** The newest mails of the outbox, newest first: all of them or those to one address. */
export async function listOutbox(
  db: Executor,
  filter: { limit?: number; to?: string } = {},
): Promise<OutboxMail[]> {
  return db
    .select()
    .from(mailOutbox)
    .where(filter.to ? eq(mailOutbox.to, filter.to.trim().toLowerCase()) : undefined)
    .orderBy(desc(mailOutbox.id))
    .limit(Math.min(Math.max(filter.limit ?? 100, 1), 500));
}
