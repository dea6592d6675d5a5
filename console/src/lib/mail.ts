import 'server-only';
import { enqueueMail, findUserByEmail, getStaffRoles, listOutbox } from '@tagtime/db';
import { db } from './db';

export interface Mail {
  to: string;
  subject: string;
  body: string;
}

const LINK = /https?:\/\/[^\s<>"')]+/g;
/** What stands where a link was in mail to a staff account, wherever mail is shown. */
export const HIDDEN_LINK = '[link hidden: mail to a staff account]';

/**
 * Where mail goes. No mail server is reachable from our machines, so the one implementation
 * writes to the `mail_outbox` table; a relay that sends and stamps `sent_at` plugs in here.
 * With `MAIL_OUTBOX_PAGE=on` (`npm start`) each mail is also printed to the console's terminal:
 * a new user must confirm their address before signing in, so the person running `npm start`
 * clicks the link there.
 */
export async function sendMail(mail: Mail): Promise<void> {
  await enqueueMail(db(), mail);
  if (process.env.MAIL_OUTBOX_PAGE === 'on') {
    process.stdout.write(mailForTerminal(await shownMail(mail)));
  }
}

/** A mail as the terminal shows it: recipient and subject, then each link on a line of its own. */
export function mailForTerminal(mail: Mail): string {
  const links = mail.body.match(LINK) ?? [];
  return `${[`mail to ${mail.to}: ${mail.subject}`, ...links.map((link) => `  ${link}`)].join('\n')}\n`;
}

/**
 * The developer outbox page shows mailed links, a reset link is an account, so the page exists
 * only under `next dev` with `MAIL_OUTBOX_PAGE=on`: never in a production build, whatever its
 * environment says (the bundler writes the build's NODE_ENV into this test), and even then only
 * to signed-in staff.
 */
export function outboxPageEnabled(): boolean {
  return process.env.NODE_ENV === 'development' && process.env.MAIL_OUTBOX_PAGE === 'on';
}

async function isStaffAddress(email: string): Promise<boolean> {
  const user = await findUserByEmail(db(), email);
  return user !== undefined && (await getStaffRoles(db(), user.id)).length > 0;
}

/**
 * A mail as the outbox and the terminal may show it: links in mail to a staff account are
 * hidden (a staff member's reset link opens the staff area; support reading the outbox, or a
 * log, must not get it). Staff status is looked up as it is now.
 */
export async function shownMail<M extends Mail>(mail: M): Promise<M> {
  if (!(await isStaffAddress(mail.to))) return mail;
  return { ...mail, body: mail.body.replace(LINK, HIDDEN_LINK) };
}

/** The newest mail, as the outbox page shows it (see shownMail). */
export async function latestMail(limit = 100) {
  const mails = await listOutbox(db(), { limit });
  const staff = new Map<string, boolean>();
  for (const to of new Set(mails.map((mail) => mail.to))) staff.set(to, await isStaffAddress(to));
  return mails.map((mail) =>
    staff.get(mail.to) ? { ...mail, body: mail.body.replace(LINK, HIDDEN_LINK) } : mail,
  );
}

/** The console's public origin for links in mail. */
export function publicOrigin(): string {
  return (process.env.NEXTAUTH_URL ?? 'http://localhost:3000').replace(/\/$/, '');
}
