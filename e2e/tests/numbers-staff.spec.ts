import { createDevice, ensureConsoleDevice } from '@tagtime/db';
import { LogView } from '@tagtime/log';
import { AuthPages, newPerson } from '../pages/auth.js';
import { StaffPages } from '../pages/staff.js';
import { createAccount, testDb } from '../support/db.js';
import { SERVER_URL } from '../support/env.js';
import { expect, test } from '../support/test.js';

const HOUR = 60 * 60 * 1000;

test('the staff overview counts pings from the first record, shows no idle time as records behind, and counts devices as pairing does', async ({
  browser,
  request,
}) => {
  const staffPerson = newPerson('Support');
  const customer = newPerson('Idle');
  await createAccount(staffPerson, 'support');
  const user = await createAccount(customer);
  // A laptop that answered for four hours, 60 to 56 hours ago, and has been idle since; it
  // pushed everything, so the server misses nothing of it.
  const laptop = await createDevice(testDb(), { userId: user.id, name: 'Laptop', kind: 'cli' });
  const first = Math.floor(Date.now() / 1000 - 60 * 3600) * 1000;
  const schedule = new LogView().schedule();
  const answered = schedule.pingsBetween(first / 1000, (first + 4 * HOUR) / 1000);
  const records = [
    { device: laptop.device.id, t: first, kind: 'event', body: { name: 'started' } },
    ...answered.map((ping, i) => ({
      device: laptop.device.id,
      t: ping * 1000 + 1000 + i,
      kind: 'ping',
      body: { ping, tags: ['work'] },
    })),
  ];
  const sent = await request.post(`${SERVER_URL}/v1/records`, {
    headers: { authorization: `Bearer ${laptop.token}` },
    data: { records },
  });
  expect(sent.status()).toBe(200);
  // A browser running the web pinger counts; the console's own device does not.
  const phone = await createDevice(testDb(), {
    userId: user.id,
    name: 'Phone browser',
    kind: 'web',
  });
  // Each device says, when it pulls, how many of its own records it still holds unsent: the
  // laptop none, the phone three (it answered offline and has not pushed yet).
  for (const [token, unsent] of [
    [laptop.token, 0],
    [phone.token, 3],
  ] as const) {
    const pulled = await request.get(`${SERVER_URL}/v1/records?limit=1&unsent=${unsent}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(pulled.status()).toBe(200);
  }
  await ensureConsoleDevice(testDb(), {
    userId: user.id,
    tokenFor: (id) => `ttd_e2e_console_${id}`,
  });

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await new AuthPages(page).signIn(staffPerson);
  await expect(page).not.toHaveURL(/sign-in/);
  const staff = new StaffPages(page);
  await staff.search(customer.email.slice(0, 14));
  await staff.open(user.id);
  await staff.giveReason(`ticket ${Date.now().toString(36)}: numbers look wrong`);
  const before = Date.now();
  await expect(page.getByTestId('staff-user-device-count')).toHaveText('2 of 2 the plan allows');
  await expect(staff.device(laptop.device.id)).toContainText('Laptop');
  // "Behind" is what the server has not got, as each device counts it, not idle time: the
  // laptop idle for 56 hours has sent all it wrote.
  await expect(staff.device(laptop.device.id).getByTestId('device-unsent')).toHaveText('none');
  await expect(staff.device(phone.device.id).getByTestId('device-unsent')).toHaveText('3 records');

  // Unanswered pings start at the first record, not 30 days back.
  const summary = page.getByTestId('chart-pings').getByTestId('pings-summary');
  await expect(summary).toBeVisible();
  const text = (await summary.textContent()) ?? '';
  const unanswered = Number(/(\d+) unanswered/.exec(text)?.[1]);
  expect(Number(/(\d+) answered/.exec(text)?.[1])).toBe(answered.length);
  const since = (at: number) =>
    schedule.pingsBetween(first / 1000, Math.floor(at / 1000) + 1).length;
  expect(unanswered).toBeGreaterThanOrEqual(since(before) - answered.length);
  expect(unanswered).toBeLessThanOrEqual(since(Date.now()) - answered.length);
  await page.screenshot({ path: 'test-results/screens/numbers-staff-1280.png', fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByTestId('staff-user-device-count')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/numbers-staff-390.png', fullPage: true });
  await context.close();
});
