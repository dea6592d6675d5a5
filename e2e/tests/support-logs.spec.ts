import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { createDevice, listAuditEvents, listUserSessions } from '@tagtime/db';
import { AuthPages, newPerson } from '../pages/auth.js';
import { LogBrowserPage, StaffPages } from '../pages/staff.js';
import { createAccount, testDb } from '../support/db.js';
import { SERVER_URL } from '../support/env.js';
import { expect, test } from '../support/test.js';

const HOUR = 60 * 60 * 1000;

interface Device {
  id: string;
  token: string;
}

async function pairDevice(userId: string, name: string, kind: 'watch' | 'phone'): Promise<Device> {
  const { device, token } = await createDevice(testDb(), { userId, name, kind });
  return { id: device.id, token };
}

type Kind = 'ping' | 'event' | 'error';

function record(device: string, t: number, kind: Kind, i: number) {
  if (kind === 'ping')
    return { device, t, kind, body: { ping: Math.floor(t / 1000), tags: ['work'] } };
  if (kind === 'event') return { device, t, kind, body: { name: 'sync-finished', data: { i } } };
  return {
    device,
    t,
    kind,
    body: { message: i % 2 ? 'timeout talking to the phone' : 'BLE lost' },
  };
}

/** Appends through the real server, as the device would. */
async function append(page: Page, device: Device, records: unknown[]) {
  const response = await page.request.post(`${SERVER_URL}/v1/records`, {
    headers: { authorization: `Bearer ${device.token}` },
    data: { records },
  });
  expect(response.status()).toBe(200);
}

test('staff find a user, give a reason, filter one device’s errors, open a record and its neighbours, share the link, watch live, export; the audit shows every read', async ({
  browser,
}) => {
  const staffPerson = newPerson('Support');
  const customer = newPerson('Customer');
  await createAccount(staffPerson, 'support');
  const user = await createAccount(customer);
  const watch = await pairDevice(user.id, 'Left wrist', 'watch');
  const phone = await pairDevice(user.id, 'Pocket phone', 'phone');

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // Two days of records on two devices: every third one an error on the watch.
  const start = Date.now() - 48 * HOUR;
  const watchRecords = Array.from({ length: 90 }, (_, i) =>
    record(
      watch.id,
      start + i * 30 * 60_000,
      (['ping', 'event', 'error'] as const)[i % 3] as Kind,
      i,
    ),
  );
  const phoneRecords = Array.from({ length: 60 }, (_, i) =>
    record(phone.id, start + i * 45 * 60_000 + 7, i % 5 === 4 ? 'error' : 'ping', i),
  );
  await append(page, watch, watchRecords);
  await append(page, phone, phoneRecords);

  await new AuthPages(page).signIn(staffPerson);
  await expect(page).not.toHaveURL(/sign-in/);
  const staff = new StaffPages(page);
  await staff.search(customer.email.slice(0, 12));
  await expect(staff.foundUser(user.id)).toContainText('email');
  await page.screenshot({ path: 'test-results/screens/staff-search.png', fullPage: true });
  await staff.open(user.id);
  // Nothing about the user before the reason.
  await expect(page.getByTestId('reason-user')).toHaveText(user.id);
  await expect(page.getByTestId('staff-user-email')).toHaveCount(0);
  const reason = `ticket ${Date.now().toString(36)}: watch drops the phone`;
  await staff.giveReason(reason);
  await expect(page.getByTestId('staff-user-email')).toHaveText(customer.email);
  await expect(staff.device(watch.id)).toContainText('Left wrist');
  await expect(staff.device(watch.id).getByTestId('device-errors-link')).toHaveText('14');
  await expect(page.getByTestId('chart-records-per-day').locator('svg').first()).toBeVisible();
  await expect(page.getByTestId('chart-pings').getByTestId('pings-summary')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/staff-user.png', fullPage: true });

  // Into the log browser, then narrowed to the watch's errors with the facets.
  await page.getByTestId('open-logs').click();
  const logs = new LogBrowserPage(page);
  await logs.loaded();
  await expect(logs.facet('kind', 'error').getByTestId('facet-count')).toHaveText('42');
  await logs.facet('device', watch.id).click();
  await expect(page.getByTestId('log-query')).toHaveValue(`device:${watch.id}`);
  await logs.facet('kind', 'error').click();
  await expect(page.getByTestId('log-query')).toHaveValue(`kind:error device:${watch.id}`);
  await expect(logs.facet('kind', 'error').getByTestId('facet-count')).toHaveText('30');
  await expect(logs.rows()).toHaveCount(30);
  await expect(page.locator('[data-testid="log-row"]:not([data-kind="error"])')).toHaveCount(0);
  // The newest of them, with the records around it on the watch and on the phone.
  const newest = watchRecords.filter((r) => r.kind === 'error').at(-1) as { t: number };
  await logs.openRow(watch.id, newest.t);
  await expect(page.getByTestId('neighbours-device-item').first()).toBeVisible();
  await expect(page.getByTestId('neighbours-others-item').first()).toBeVisible();
  await expect(page.getByTestId('neighbours-device')).toContainText('sync-finished');
  await page.screenshot({ path: 'test-results/screens/log-browser.png', fullPage: true });
  // Keyboard: j moves down, Enter opens, Esc closes, / focuses the query.
  await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  const second = watchRecords.filter((r) => r.kind === 'error').at(-2) as { t: number };
  await expect(page.getByTestId('record-json')).toContainText(`"t": ${second.t}`);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('record-detail')).toHaveCount(0);
  await page.keyboard.press('k');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('record-json')).toContainText(`"t": ${newest.t}`);
  await page.keyboard.press('/');
  await expect(page.getByTestId('log-query')).toBeFocused();

  // The URL holds the whole view: a new page on it shows the same.
  const shared = page.url();
  expect(shared).toContain(`sel=${watch.id}%3A${newest.t}`);
  const other = await context.newPage();
  await other.goto(shared);
  const again = new LogBrowserPage(other);
  await again.loaded();
  await expect(other.getByTestId('log-query')).toHaveValue(`kind:error device:${watch.id}`);
  await expect(again.rows()).toHaveCount(30);
  await expect(other.getByTestId('record-json')).toContainText(`"t": ${newest.t}`);
  await expect(again.row(watch.id, newest.t)).toHaveAttribute('data-open', 'true');
  await other.close();

  // Live: a record the watch appends through the real server slides in without a reload.
  await logs.startLive();
  const liveT = Date.now();
  await append(page, watch, [record(watch.id, liveT, 'error', 1)]);
  await expect(logs.row(watch.id, liveT)).toBeVisible({ timeout: 15_000 });
  await expect(logs.row(watch.id, liveT)).toHaveAttribute('data-fresh', 'true');
  await expect(logs.rows()).toHaveCount(31);
  // Paused: a new record waits, and arrives on resume.
  await page.getByTestId('live-toggle').click();
  const pausedT = Date.now();
  await append(page, watch, [record(watch.id, pausedT, 'error', 3)]);
  await expect(page.getByTestId('live-state')).toContainText('1 new', { timeout: 15_000 });
  await expect(logs.row(watch.id, pausedT)).toHaveCount(0);
  await page.getByTestId('live-toggle').click();
  await expect(logs.row(watch.id, pausedT)).toBeVisible({ timeout: 15_000 });

  // Export of the current filter, streamed through the console.
  const download = page.waitForEvent('download');
  await page.getByTestId('export-jsonl').click();
  const file = await (await download).path();
  const lines = (await readFile(file, 'utf8'))
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
  expect(lines).toHaveLength(32);
  expect(lines.every((line) => line.kind === 'error' && line.device === watch.id)).toBe(true);
  expect(lines.map((line) => line.t)).toEqual(
    [...lines.map((line) => line.t)].sort((a, b) => a - b),
  );

  // Phone width: the same browser, one column.
  await page.setViewportSize({ width: 390, height: 844 });
  // Nothing wider than the phone: no sideways scrolling.
  // The layout follows a resize a frame or more later.
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
    .toBeLessThanOrEqual(390);
  await page.screenshot({ path: 'test-results/screens/log-browser-phone.png', fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  // The audit log holds every intent with the reason: the overview and the log browser are a
  // row each, their reads counted on it (DESIGN.md, "Staff audit by intent").
  await staff.openAudit();
  const audit = page.getByTestId('audit-row').filter({ hasText: customer.name });
  for (const action of ['staff.open_user', 'staff.view_user', 'staff.view_logs']) {
    await expect(audit.filter({ hasText: action }).first()).toContainText(reason);
  }
  await expect(
    audit.filter({ hasText: 'staff.view_logs' }).first().getByTestId('audit-reads'),
  ).toHaveText(/\(\d+ reads\)/);
  await page.screenshot({ path: 'test-results/screens/staff-audit.png', fullPage: true });
  await context.close();
});

test('a member reaches no staff page and no staff API', async ({ browser, request }) => {
  const member = newPerson('Member');
  const other = newPerson('Other');
  const memberUser = await createAccount(member);
  const otherUser = await createAccount(other);
  const page = await (await browser.newContext()).newPage();
  await new AuthPages(page).signIn(member);
  await expect(page).not.toHaveURL(/sign-in/);
  for (const path of [
    '/staff',
    '/staff/audit',
    '/staff/billing',
    `/staff/users/${otherUser.id}`,
    `/staff/users/${otherUser.id}/open`,
    `/staff/users/${otherUser.id}/logs`,
  ]) {
    await page.goto(path);
    await expect(page.getByTestId('not-found')).toBeVisible();
  }
  for (const call of [
    'records',
    'facets',
    'histogram',
    'export?format=csv',
    'stream',
    'context?device=x&t=1',
  ]) {
    const response = await page.request.get(`/staff/users/${otherUser.id}/api/${call}`);
    expect(response.status()).toBe(404);
    expect((await response.json()).error.code).toBe('not_found');
  }
  // Each probe of the staff API is in the audit trail as refused, never as a read.
  const probes = await listAuditEvents(testDb(), { actorUserId: memberUser.id });
  expect(probes).toHaveLength(6);
  for (const probe of probes) {
    expect(probe).toMatchObject({
      action: 'staff.api',
      actorRole: 'none',
      outcome: 'refused',
      refusalCode: 'not_found',
    });
  }
  // Signed out, the staff API says to sign in.
  const anonymous = await request.get(`/staff/users/${otherUser.id}/api/records`);
  expect(anonymous.status()).toBe(401);
  // The log server's admin API refuses a member named as the staff member, even with the
  // console's own credential.
  const { ADMIN_TOKEN } = await import('../support/env.js');
  const direct = await request.get(`${SERVER_URL}/admin/v1/users/${otherUser.id}/records`, {
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      'x-staff-user-id': memberUser.id,
      'x-audit-reason': 'curious',
    },
  });
  expect(direct.status()).toBe(403);
});

test('a refused read is in the audit log as refused, with its code', async ({
  browser,
  request,
}) => {
  const staffPerson = newPerson('Support');
  const customer = newPerson('Customer');
  const staffUser = await createAccount(staffPerson, 'support');
  const user = await createAccount(customer);
  const reason = `ticket ${Date.now()}: refused query`;
  const page = await (await browser.newContext()).newPage();
  await new AuthPages(page).signIn(staffPerson);
  await expect(page.getByTestId('page-title')).toContainText('Welcome');
  // The console's own credential, a staff member, their session past its second factor and a
  // reason, but a query the server refuses.
  const [session] = await listUserSessions(testDb(), { userId: staffUser.id });
  const { ADMIN_TOKEN } = await import('../support/env.js');
  const refused = await request.get(
    `${SERVER_URL}/admin/v1/users/${user.id}/records?q=${encodeURIComponent('kind:boom')}`,
    {
      headers: {
        authorization: `Bearer ${ADMIN_TOKEN}`,
        'x-staff-user-id': staffUser.id,
        'x-staff-session-id': session?.id ?? '',
        'x-audit-reason': encodeURIComponent(reason),
      },
    },
  );
  expect(refused.status()).toBe(400);
  await page.goto('/staff/audit');
  const row = page.getByTestId('audit-row').filter({ hasText: reason });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('logs.read');
  await expect(row.getByTestId('audit-outcome')).toHaveText('Refused: invalid_input');
  await expect(row.getByTestId('audit-outcome')).toHaveAttribute('data-outcome', 'refused');
});
