// Two browsers of one person, two devices, answer the same pings offline and reconnect: both
// show the answer the design makes win (of two people's answers, the later in merged order),
// whichever reconnects first.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from '@playwright/test';
import { changePlan, createPairingCode, createTenant } from '@tagtime/db';
import { nextPing, prevPing } from '@tagtime/ping';
import { newPerson } from '../pages/auth.js';
import { PingerPage } from '../pages/pinger.js';
import { createAccount, testDb } from '../support/db.js';
import { SERVER_URL } from '../support/env.js';
import { expect, test } from '../support/test.js';

/** Runs the built `tagtime` CLI with its own home, as a laptop of the same person would. */
function tagtime(home: string, ...args: string[]): string {
  const bin = join(import.meta.dirname, '../../packages/cli/bin/tagtime.js');
  return execFileSync(process.execPath, [bin, ...args], {
    env: { ...process.env, TAGTIME_HOME: home, NO_COLOR: '1' },
    encoding: 'utf8',
  });
}

async function openPinger(
  browser: Browser,
  person: { email: string; password: string },
  at: number,
) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const pinger = await PingerPage.signedIn(page, person, at * 1000);
  return { context, page, pinger };
}

async function cutNetwork(context: BrowserContext) {
  await context.route('**/*', (route) => route.abort('internetdisconnected'));
  await context.setOffline(true);
}

async function reconnect(context: BrowserContext, pinger: PingerPage) {
  await context.unrouteAll({ behavior: 'wait' });
  await context.setOffline(false);
  await pinger.page.evaluate(() => window.dispatchEvent(new Event('online')));
  await pinger.expectUnsynced(0);
}

test('two browsers answer the same pings offline and converge on the later answer', async ({
  browser,
}) => {
  // Two browsers (and a CLI), each loading, pairing and syncing: slow on a shared machine.
  test.slow();
  const person = newPerson('Converge');
  const user = await createAccount(person);
  const p0 = prevPing(Math.floor(Date.now() / 1000) - 3 * 3600);
  const p1 = nextPing(p0);
  const a = await openPinger(browser, person, p0 - 20);
  const b = await openPinger(browser, person, p0 - 20);
  await cutNetwork(a.context);
  await cutNetwork(b.context);

  // p0: A answers first, B ten seconds later (B's wins); p1: the other way round. Each page's
  // clock is set, not run, so which answer is later does not hang on the machine's speed.
  const answerAt = async (side: typeof a, ping: number, at: number, tags: string) => {
    await side.page.clock.setFixedTime(at * 1000);
    await side.pinger.expectQuestion(ping);
    await side.pinger.answer(tags);
    await expect(side.pinger.answerOf(ping)).toContainText(tags);
  };
  await answerAt(a, p0, p0 + 30, 'a-first');
  await answerAt(b, p0, p0 + 40, 'b-later');
  await answerAt(b, p1, p1 + 30, 'b-first');
  await answerAt(a, p1, p1 + 40, 'a-later');
  await a.pinger.expectUnsynced(2);
  await b.pinger.expectUnsynced(2);

  // A reconnects first: for p0 the winner arrives last, for p1 first.
  await reconnect(a.context, a.pinger);
  await reconnect(b.context, b.pinger);
  for (const { pinger } of [a, b]) {
    await expect(pinger.answerOf(p0).getByTestId('recent-tags')).toHaveText('b-later');
    await expect(pinger.answerOf(p1).getByTestId('recent-tags')).toHaveText('a-later');
  }
  await expect(a.pinger.answerOf(p0).getByTestId('recent-device')).toHaveText(/ on Linux$/);
  await expect(b.pinger.answerOf(p0).getByTestId('recent-device')).toHaveText('this browser');
  await a.page.screenshot({
    path: 'test-results/screens/pinger-converged-390.png',
    fullPage: true,
  });

  // A CLI device of the same person (a third device: the plan is Personal now) syncs and shows
  // the same winners.
  const tenant = await createTenant(testDb(), {
    name: 'Converge home',
    kind: 'personal',
    ownerUserId: user.id,
  });
  await changePlan(testDb(), {
    actorUserId: user.id,
    tenantId: tenant.id,
    planCode: 'personal',
    seats: 1,
  });
  const home = mkdtempSync(join(tmpdir(), 'pinger-converge-cli-'));
  try {
    const { code } = await createPairingCode(testDb(), { userId: user.id });
    tagtime(home, 'pair', code, '--server', SERVER_URL, '--name', 'Laptop');
    tagtime(home, 'sync');
    const log = tagtime(home, 'log', '--since', '2d');
    expect(log).toContain('b-later');
    expect(log).toContain('a-later');
    expect(log).not.toContain('a-first');
    expect(log).not.toContain('b-first');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  await a.context.close();
  await b.context.close();
});
