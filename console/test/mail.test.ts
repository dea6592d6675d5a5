// Under `npm start` there is no mail server and the outbox page is for staff, so a new user
// could not confirm their address: the console prints each mail, links one per line, to its
// terminal while the outbox page is on, and never otherwise.
import { createUser, listOutbox } from '@tagtime/db';
import { createScratchDatabase, type ScratchDatabase } from '@tagtime/db/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sendConfirmationMail } from '../src/lib/account-mail';

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
