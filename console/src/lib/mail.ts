import 'server-only';
import { enqueueMail, listOutbox } from '@tagtime/db';
import { db } from './db';

export interface Mail {
  to: string;
  subject: string;
  body: string;
}

/**
 * Where mail goes. No mail server is reachable from our machines, so the one implementation
 * writes to the `mail_outbox` table; a relay that sends and stamps `sent_at` plugs in here.
 */
export async function sendMail(mail: Mail): Promise<void> {
  await enqueueMail(db(), mail);
}

/**
 * The developer outbox page shows every mailed link, so it exists only where it is asked for
 * (`MAIL_OUTBOX_PAGE=on`: `npm start` and the browser tests), never in a deployment, and even
 * then only to signed-in staff.
 */
export function outboxPageEnabled(): boolean {
  return process.env.MAIL_OUTBOX_PAGE === 'on';
}

export function latestMail(limit = 100) {
  return listOutbox(db(), { limit });
}

/** The console's public origin for links in mail. */
export function publicOrigin(): string {
  return (process.env.NEXTAUTH_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
}
