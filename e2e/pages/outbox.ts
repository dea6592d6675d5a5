import { expect } from '@playwright/test';
import { mailTo } from '../support/db.js';

/** The path of the newest link to `path` mailed to `email` (waits for the mail to arrive). */
export async function linkMailedTo(email: string, path: string): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(async () => {
      for (const mail of await mailTo(email)) {
        const match = new RegExp(`https?://\\S+?${path}/\\S+`).exec(mail.body);
        if (match) {
          link = new URL(match[0]).pathname;
          return true;
        }
      }
      return false;
    }, `a mail to ${email} with a ${path} link`)
    .toBe(true);
  return link ?? '';
}

/** How many mails went to an address. */
export async function mailCount(email: string): Promise<number> {
  return (await mailTo(email)).length;
}
