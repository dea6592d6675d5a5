// When the browser cannot keep the pinger's log, the pinger says so plainly and keeps nothing
// half-written: storage refused outright (a private window of some browsers, storage turned
// off), and a disk with no room left (the browser's QuotaExceededError, injected into
// IndexedDB's writes: Chromium lets small writes past a quota overridden to nothing).

import { listDevices } from '@tagtime/db';
import { nextPing, prevPing } from '@tagtime/ping';
import { AuthPages, newPerson } from '../pages/auth.js';
import { PingerPage } from '../pages/pinger.js';
import { createAccount, testDb } from '../support/db.js';
import { expect, test } from '../support/test.js';

const SCREENS = 'test-results/screens';

test('storage refused: the pinger says so, and no device is paired for it', async ({ browser }) => {
  const person = newPerson('NoStorage');
  const user = await createAccount(person);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  // As Firefox's private windows did and "block all site data" does: IndexedDB will not open.
  await context.addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
  });
  const page = await context.newPage();
  await new AuthPages(page).signIn(person);
  await expect(page).not.toHaveURL(/sign-in/);
  await page.goto('/pinger');
  await expect(page.getByTestId('pinger-loading')).toContainText(
    'does not let the site keep data (a private window, or storage turned off)',
  );
  await expect(page.getByTestId('answer-form')).toHaveCount(0);
  await page.screenshot({ path: `${SCREENS}/pinger-no-storage-390.png`, fullPage: true });
  // A browser that cannot keep answers is not made a device.
  expect(await listDevices(testDb(), user.id)).toEqual([]);
  await context.close();
});

test('a full disk: the answer is refused in words, nothing of it kept, and taken once there is room', async ({
  browser,
}) => {
  // Answers, a sync and a reload around a quota change: slow on a shared machine.
  test.slow();
  const person = newPerson('FullDisk');
  await createAccount(person);
  const p0 = prevPing(Math.floor(Date.now() / 1000) - 3 * 3600);
  const p1 = nextPing(p0);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  // While `__diskFull` is set, every IndexedDB write fails as a full disk makes it fail. A
  // string: the test's compiled functions may lean on helpers the page does not have.
  await context.addInitScript(`
    for (const method of ['put', 'add']) {
      const write = IDBObjectStore.prototype[method];
      IDBObjectStore.prototype[method] = function (...args) {
        if (globalThis.__diskFull) {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        }
        return write.apply(this, args);
      };
    }
  `);
  const page = await context.newPage();
  // Pings before the pinger's first visit are not its to ask: it opens just before p0.
  const pinger = await PingerPage.signedIn(page, person, (p0 - 20) * 1000);
  await page.clock.fastForward(30_000);
  await pinger.expectQuestion(p0);
  await pinger.answer('work');
  await expect(pinger.answerOf(p0)).toContainText('work');
  await pinger.expectUnsynced(0);

  await page.clock.fastForward((p1 - p0) * 1000);
  await pinger.expectQuestion(p1);
  await page.evaluate(() => {
    (globalThis as { __diskFull?: boolean }).__diskFull = true;
  });
  await pinger.answer('lunch');
  const failure = page.getByTestId('pinger-failure');
  await expect(failure).toContainText('no room left');
  await expect(failure).toContainText('nothing of it was half-written');
  // Still asked, the typed answer still there to try again; nothing of it in the log.
  await pinger.expectQuestion(p1);
  await expect(page.getByTestId('tags-input')).toHaveValue('lunch');
  await expect(pinger.answerOf(p1)).toHaveCount(0);
  await pinger.expectUnsynced(0);
  await page.screenshot({ path: `${SCREENS}/pinger-full-390.png`, fullPage: true });

  // Room again: the same answer is stored and sent, once.
  await page.evaluate(() => {
    (globalThis as { __diskFull?: boolean }).__diskFull = false;
  });
  await pinger.answer('lunch');
  await expect(pinger.answerOf(p1)).toContainText('lunch');
  await pinger.expectUnsynced(0);
  await page.reload();
  await expect(pinger.answerOf(p0)).toContainText('work');
  await expect(pinger.answerOf(p1)).toContainText('lunch');
  await expect(page.getByTestId('recent-answer')).toHaveCount(2);
  await context.close();
});
