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
 * Where the outbox page is on (`npm start`), each mail is also printed to the console's
 * terminal: a new user must confirm their address before signing in, and the outbox page is
 * for staff only, so the person running `npm start` clicks the link there.
 */
export async function sendMail(mail: Mail): Promise<void> {
  await enqueueMail(db(), mail);
  if (outboxPageEnabled()) process.stdout.write(mailForTerminal(mail));
}

/** A mail as the terminal shows it: recipient and subject, then each link on a line of its own. */
export function mailForTerminal(mail: Mail): string {
  const links = mail.body.match(/https?:\/\/[^\s<>"')]+/g) ?? [];
  return `${[`mail to ${mail.to}: ${mail.subject}`, ...links.map((link) => `  ${link}`)].join('\n')}\n`;
}

/**
 * The developer outbox page shows every mailed link, so it exists only where it is asked for
 * (`MAIL_OUTBOX_PAGE=on`: `npm start` and the browser tests), never in a deployment, and even
 * then only to signed-in staff. The same switch prints mail to the terminal (`sendMail`).
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
