import { readFile } from 'node:fs/promises';
import { addMember, createDevice, createTenant, listDevices } from '@tagtime/db';
import { LogView, tagTimeDate } from '@tagtime/log';
import { AuthPages, newPerson } from '../pages/auth.js';
import { MyTimePage } from '../pages/my-time.js';
import { createAccount, testDb } from '../support/db.js';
import { SERVER_URL } from '../support/env.js';
import { expect, test } from '../support/test.js';

test('a person sees hours per tag, renames a tag and deletes an answer — the view changes, the records stay — and imports and exports a TagTime log', async ({
  browser,
  request,
}) => {
  const person = newPerson('Timer');
  const user = await createAccount(person);
  const { device: watch, token } = await createDevice(testDb(), {
    userId: user.id,
    name: 'Left wrist',
    kind: 'watch',
  });
  // The schedule's pings of the last day, answered on the watch: most "wrk", a few "eat".
  const nowS = Math.floor(Date.now() / 1000);
  const pings = new LogView().schedule().pingsBetween(nowS - 24 * 3600, nowS);
  expect(pings.length).toBeGreaterThan(10);
  const answered = pings.slice(0, -2);
  const records = answered.map((ping, i) => ({
    device: watch.id,
    t: ping * 1000 + 3000,
    kind: 'ping',
    body: { ping, tags: i % 4 === 3 ? ['eat'] : ['wrk', 'code'] },
  }));
  const auth = { authorization: `Bearer ${token}` };
  expect(
    (await request.post(`${SERVER_URL}/v1/records`, { headers: auth, data: { records } })).status(),
  ).toBe(200);

  const page = await (
    await browser.newContext({ viewport: { width: 1280, height: 900 } })
  ).newPage();
  await new AuthPages(page).signIn(person);
  await expect(page).not.toHaveURL(/sign-in/);
  const myTime = new MyTimePage(page);
  await myTime.open();
  const wrk = answered.filter((_, i) => i % 4 !== 3).length;
  await expect(myTime.tag('wrk').getByTestId('tag-hours')).toHaveText(
    ((wrk * 2700) / 3600).toFixed(1),
  );
  await expect(page.getByTestId('chart-hours').locator('svg').first()).toBeVisible();
  const last = answered.at(-1) as number;
  await expect(myTime.ping(last).getByTestId('ping-tags')).toHaveText(/wrk code|eat/);
  await expect(myTime.ping(last).getByTestId('ping-device')).toHaveText('Left wrist');
  // The two newest pings have no answer yet: they are among the missed ones.
  const open = pings.at(-1) as number;
  await expect(myTime.ping(open)).toContainText('unanswered');
  await expect(page.getByTestId('missed-pings').getByTestId(`ping-${open}`)).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/my-time.png', fullPage: true });

  // Rename: the view says "work" everywhere, the watch's records still say "wrk".
  await myTime.rename('wrk', 'work');
  await expect(myTime.tag('wrk')).toHaveCount(0);
  await expect(myTime.tag('work').getByTestId('tag-hours')).toHaveText(
    ((wrk * 2700) / 3600).toFixed(1),
  );
  const lastWrk = answered
    .slice(0, -1)
    .filter((_, i) => i % 4 !== 3)
    .at(-1) as number;
  await expect(myTime.ping(lastWrk).getByTestId('ping-tags')).toHaveText('work code');
  // Delete an answer: that ping is unanswered in the view.
  await myTime.deleteAnswer(last);
  await expect(myTime.ping(last)).toContainText('unanswered');

  const pulled = await request.get(`${SERVER_URL}/v1/records?limit=10000`, { headers: auth });
  const all = (await pulled.json()).records as Array<{
    device: string;
    kind: string;
    body: Record<string, unknown>;
  }>;
  const own = all.filter((r) => r.device === watch.id);
  expect(own).toHaveLength(records.length);
  expect(own.filter((r) => (r.body.tags as string[]).includes('wrk'))).toHaveLength(wrk);
  const commands = all.filter((r) => r.kind === 'command');
  expect(commands.map((r) => r.body)).toEqual([
    { op: 'rename-tag', from: 'wrk', to: 'work' },
    { op: 'delete-ping', ping: last },
  ]);
  // Written by the console's own web device, which the plan does not count.
  const devices = await listDevices(testDb(), user.id);
  const consoleDevice = devices.find((device) => device.console);
  expect(consoleDevice).toMatchObject({ kind: 'web' });
  expect(new Set(commands.map((r) => r.device))).toEqual(new Set([consoleDevice?.id]));
  await page.getByTestId('nav-overview').click();
  await expect(page.getByTestId('active-device-count')).toHaveText('1');

  // Import: a bad line refuses the file whole and is named; a good file imports with progress,
  // and importing it again adds nothing.
  await myTime.open();
  const day = 86_400;
  const old = [nowS - 40 * day, nowS - 39 * day, nowS - 38 * day];
  await myTime.importFile('bad.log', `${old[0]} read\n${old[1]} read (unclosed\nnot a line\n`);
  await expect(page.getByTestId('import-bad-lines')).toContainText('line 2:');
  await expect(page.getByTestId('import-bad-lines')).toContainText('line 3:');
  const good = `${old.map((s) => `${s} read book (a novel) [${tagTimeDate(s, 'UTC')}]`).join('\n')}\n`;
  await myTime.importFile('tagtime.log', good);
  await expect(page.getByTestId('import-done')).toHaveText('Imported 3 answers.');
  await myTime.importFile('tagtime.log', good);
  await expect(page.getByTestId('import-done')).toHaveText(
    'Imported 0 answers; 3 pings already had an answer and were kept.',
  );
  await page.getByTestId('period-month').click();
  await expect(myTime.tag('read')).toBeVisible();
  // Export: the same format, renames applied.
  const download = page.waitForEvent('download');
  await page.getByTestId('export-tagtime').click();
  const text = await readFile((await (await download).path()) as string, 'utf8');
  expect(text).toMatch(new RegExp(`^${old[0]} read book \\(a novel\\) +\\[`, 'm'));
  expect(text).toMatch(new RegExp(`^${lastWrk} work code +\\[`, 'm'));
  expect(text).not.toContain(' wrk ');
  await page.setViewportSize({ width: 390, height: 844 });
  // Nothing wider than the phone: no sideways scrolling.
  // The layout follows a resize a frame or more later.
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
    .toBeLessThanOrEqual(390);
  await page.screenshot({ path: 'test-results/screens/my-time-phone.png', fullPage: true });
});

test("tenant owners and admins see their members' devices and sync health, members do not", async ({
  browser,
}) => {
  const owner = newPerson('Owner');
  const member = newPerson('Member');
  const ownerUser = await createAccount(owner);
  const memberUser = await createAccount(member);
  const team = await createTenant(testDb(), {
    name: `Team ${owner.name}`,
    kind: 'team',
    ownerUserId: ownerUser.id,
  });
  await addMember(testDb(), {
    actorUserId: ownerUser.id,
    tenantId: team.id,
    userId: memberUser.id,
    role: 'member',
  });
  const { device } = await createDevice(testDb(), {
    userId: memberUser.id,
    name: 'Member watch',
    kind: 'watch',
  });

  const page = await (await browser.newContext()).newPage();
  await new AuthPages(page).signIn(owner);
  await expect(page).not.toHaveURL(/sign-in/);
  await page.goto(`/tenants/${team.id}`);
  const row = page.getByTestId(`member-device-${device.id}`);
  await expect(row).toContainText('Member watch');
  await expect(row).toContainText(member.email);
  await expect(row.getByTestId('member-device-health')).toHaveText('never synced');
  await page.screenshot({ path: 'test-results/screens/tenant-member-devices.png', fullPage: true });

  const memberPage = await (await browser.newContext()).newPage();
  await new AuthPages(memberPage).signIn(member);
  await expect(memberPage).not.toHaveURL(/sign-in/);
  await memberPage.goto(`/tenants/${team.id}`);
  await expect(memberPage.getByTestId('page-title')).toContainText('Team');
  await expect(memberPage.getByTestId('member-devices')).toHaveCount(0);
});
