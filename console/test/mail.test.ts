// Under `npm start` there is no mail server and the outbox page is for staff, so a new user
// could not confirm their address: the console prints each mail, links one per line, to its
// terminal while the outbox page is on, and never otherwise.
import { createUser, grantStaffRole, listOutbox } from '@tagtime/db';
import { createScratchDatabase, type ScratchDatabase } from '@tagtime/db/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sendConfirmationMail, sendPasswordResetMail } from '../src/lib/account-mail';
import { HIDDEN_LINK, latestMail, outboxPageEnabled } from '../src/lib/mail';

let database: ScratchDatabase;
const saved = { ...process.env };

beforeAll(async () => {
  database = await createScratchDatabase({ prefix: 'tagtime_console_mail' });
  process.env.DATABASE_URL = database.url;
  process.env.NEXTAUTH_SECRET = 'console-mail-test-secret-0123456789abcdef';
  process.env.NEXTAUTH_URL = 'http://127.0.0.1:4510';
}, 60_000);

afterEach(() => {
  vi.restoreAllMocks();
  process.env.MAIL_OUTBOX_PAGE = saved.MAIL_OUTBOX_PAGE;
  (process.env as Record<string, string | undefined>).NODE_ENV = saved.NODE_ENV;
});

afterAll(async () => {
  await database?.drop();
});

/** What `sendConfirmationMail` wrote to stdout for a new account. */
async function printedFor(email: string): Promise<string> {
  const user = await createUser(database.handle.db, {
    email,
    password: 'correct horse battery staple',
    name: 'New',
  });
  const written: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    written.push(String(chunk));
    return true;
  });
  await sendConfirmationMail(user);
  vi.restoreAllMocks();
  return written.join('');
}

describe('mail in development', () => {
  it('prints the recipient, the subject and the confirmation link where the outbox is on', async () => {
    process.env.MAIL_OUTBOX_PAGE = 'on';
    const printed = await printedFor('new-on@example.test');
    const [mail] = await listOutbox(database.handle.db, { to: 'new-on@example.test' });
    const link = mail?.body.match(/http:\/\/\S+/)?.[0];
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:4510\/verify-email\/[\w.-]+$/);
    expect(printed.split('\n')).toEqual([
      'mail to new-on@example.test: Confirm your email for TagTime Data',
      `  ${link}`,
      '',
    ]);
  });

  it('prints nothing where the outbox page is off (a deployment)', async () => {
    delete process.env.MAIL_OUTBOX_PAGE;
    expect(await printedFor('new-off@example.test')).toBe('');
    expect(await listOutbox(database.handle.db, { to: 'new-off@example.test' })).toHaveLength(1);
  });
});

describe('the outbox never hands out a staff account', () => {
  const env = process.env as Record<string, string | undefined>;

  it('exists only under next dev with the switch on, never in a production build', () => {
    env.MAIL_OUTBOX_PAGE = 'on';
    env.NODE_ENV = 'production';
    expect(outboxPageEnabled()).toBe(false);
    env.NODE_ENV = 'test';
    expect(outboxPageEnabled()).toBe(false);
    env.NODE_ENV = 'development';
    expect(outboxPageEnabled()).toBe(true);
    delete env.MAIL_OUTBOX_PAGE;
    expect(outboxPageEnabled()).toBe(false);
  });

  it("hides the staff admin's reset link on the page and in the terminal, not a customer's", async () => {
    process.env.MAIL_OUTBOX_PAGE = 'on';
    const db = database.handle.db;
    const password = 'correct horse battery staple';
    const admin = await createUser(db, { email: 'boss@example.test', password, name: 'Boss' });
    await grantStaffRole(db, { userId: admin.id, role: 'staff-admin' });
    await createUser(db, { email: 'customer@example.test', password, name: 'Customer' });
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    await sendPasswordResetMail('boss@example.test');
    await sendPasswordResetMail('customer@example.test');
    vi.restoreAllMocks();
    const [stored] = await listOutbox(db, { to: 'boss@example.test' });
    const resetLink = stored?.body.match(/http:\/\/\S+/)?.[0];
    expect(resetLink).toMatch(/\/reset-password\//);

    const shown = await latestMail();
    const boss = shown.find((mail) => mail.to === 'boss@example.test');
    const customer = shown.find((mail) => mail.to === 'customer@example.test');
    expect(boss?.body).toContain(HIDDEN_LINK);
    expect(boss?.body).not.toMatch(/https?:\/\//);
    expect(customer?.body).toMatch(/http:\/\/127\.0\.0\.1:4510\/reset-password\//);
    expect(written.join('')).not.toContain(resetLink);
    expect(written.join('')).toMatch(
      /mail to customer@example\.test[^\n]*\n {2}http:\/\/\S+reset-password/,
    );
  });
});
