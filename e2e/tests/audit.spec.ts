// The audit log (issue 26): one row per staff intent (a log-browser view with its facets and
// histogram is one row, its reads counted), cursor pages, filters, search by reason, CSV, and
// a list that reads at 390 px.
import { createDevice, recordAuditEvent, recordRefusal, searchAuditTrail } from '@tagtime/db';
import { AuthPages, newPerson } from '../pages/auth.js';
import { LogBrowserPage, StaffPages } from '../pages/staff.js';
import { createAccount, testDb } from '../support/db.js';
import { SERVER_URL } from '../support/env.js';
import { expect, test } from '../support/test.js';

const DOCS = '../console/docs/images';

test('a log-browser view with its facets and histogram is one audit row; the audit page pages, filters, searches, exports CSV and is a list at 390 px', async ({
  browser,
}) => {
  const staffPerson = newPerson('Auditor');
  const customer = newPerson('Watched');
  const staffUser = await createAccount(staffPerson, 'support');
  const user = await createAccount(customer);
  const { device, token } = await createDevice(testDb(), {
    userId: user.id,
    name: 'Wrist',
    kind: 'watch',
  });
  const t0 = Date.now() - 3_600_000;
  const records = Array.from({ length: 20 }, (_, i) => ({
    device: device.id,
    t: t0 + i * 60_000,
    kind: 'ping',
    body: { ping: Math.floor((t0 + i * 60_000) / 1000), tags: ['work'] },
  }));
  const appended = await fetch(`${SERVER_URL}/v1/records`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ records }),
  });
  expect(appended.status).toBe(200);

  const page = await (
    await browser.newContext({ viewport: { width: 1280, height: 900 } })
  ).newPage();
  await new AuthPages(page).signIn(staffPerson);
  const staff = new StaffPages(page);
  await staff.search(customer.email);
  await staff.open(user.id);
  const reason = `ticket ${Date.now()}: one row per view`;
  await staff.giveReason(reason);
  await page.goto(`/staff/users/${user.id}/logs`);
  const browserPage = new LogBrowserPage(page);
  await browserPage.loaded();
  await expect(browserPage.facet('device', device.id)).toBeVisible();

  // The view is one row: the page's own, with the records, facets and histogram counted on it.
  const rowsAbout = async () =>
    (await searchAuditTrail(testDb(), { actor: staffUser.id, subject: user.id, limit: 100 }))
      .events;
  await expect
    .poll(async () => (await rowsAbout()).find((e) => e.action === 'staff.view_logs')?.reads ?? 0)
    .toBeGreaterThanOrEqual(4);
  const about = await rowsAbout();
  expect(about.map((event) => event.action).sort()).toEqual([
    'staff.open_user',
    'staff.view_logs',
    'staff.view_user',
  ]);
  expect(about.filter((event) => event.action.startsWith('logs.'))).toHaveLength(0);
  for (const event of about.filter((e) => e.action !== 'staff.open_user')) {
    expect(event.reason).toBe(reason);
  }
  // A new query is a new intent: one more row, whatever it reads.
  await browserPage.query('kind:ping');
  await expect.poll(async () => (await rowsAbout()).length).toBe(4);

  // Sixty rows to page through, five of them refused, all with one word in the reason.
  const word = `pagetest${Date.now().toString(36)}`;
  for (let i = 0; i < 60; i += 1) {
    const event = {
      actorUserId: staffUser.id,
      actorRole: 'support',
      action: 'test.paging',
      reason: `${word} ${i}`,
    };
    if (i % 12 === 0) await recordRefusal(testDb(), event, 'forbidden');
    else await recordAuditEvent(testDb(), event);
  }
  await page.goto(`/staff/audit?q=${word}`);
  const rows = page.getByTestId('audit-row');
  await expect(rows).toHaveCount(50);
  await expect(rows.first()).toContainText(`${word} 59`);
  await page.getByTestId('audit-older').click();
  await expect(rows).toHaveCount(10);
  await expect(rows.last()).toContainText(`${word} 0`);
  await expect(page.getByTestId('audit-older')).toHaveCount(0);

  // Filters through the form: outcome, action family, actor, subject, days.
  await page.goto('/staff/audit');
  await page.getByTestId('audit-q').fill(word);
  await page.getByTestId('audit-outcome-filter').selectOption('refused');
  await page.getByTestId('audit-apply').click();
  await expect(rows).toHaveCount(5);
  await page.goto(`/staff/audit?subject=${encodeURIComponent(customer.email)}`);
  await expect(rows).toHaveCount(4);
  await page.goto(`/staff/audit?subject=${encodeURIComponent(customer.email)}&action=staff.*`);
  await expect(rows).toHaveCount(3);
  await page.goto(
    `/staff/audit?actor=${encodeURIComponent(staffPerson.email)}&action=staff.view_logs`,
  );
  await expect(rows).toHaveCount(1);
  await expect(rows.getByTestId('audit-reads')).toHaveText(/\(\d+ reads\)/);
  const today = new Date().toISOString().slice(0, 10);
  await page.goto(`/staff/audit?q=${word}&from=2000-01-01&to=2000-12-31`);
  await expect(page.getByText('Nothing recorded yet')).toBeVisible();
  await page.goto(`/staff/audit?q=${word}&from=${today}&to=${today}&outcome=ok`);
  await expect(rows).toHaveCount(50);
  await page.goto('/staff/audit?cursor=nonsense');
  await expect(page.getByTestId('audit-problem')).toBeVisible();
  await page.goto(`/staff/audit?q=${word}`);
  await page.screenshot({ path: `${DOCS}/access-audit-1280.png` });

  // CSV of the filter, every page of it; the export is audited itself.
  const csv = await page.request.get(`/staff/audit/export?q=${word}`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const lines = (await csv.text()).trim().split('\n');
  expect(lines[0]).toBe(
    'id,time_utc,actor_id,actor_email,actor_role,action,outcome,refusal_code,tenant_id,subject_user_id,subject_email,reads,reason',
  );
  // The export's own row comes first: written before the trail is read, its filter the reason.
  expect(lines).toHaveLength(62);
  expect(lines[1]).toContain(`,audit.export,ok,`);
  expect(lines[1]).toContain(`filter q=${word}`);
  expect(lines.filter((line) => line.includes(',refused,forbidden,'))).toHaveLength(5);

  // At 390 px a page of 50 rows is a list of four short lines a row (about 5,800 px; as the cards
  // of a line per column it was 13,600: measured), and
  // nothing scrolls sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/staff/audit?q=${word}`);
  await expect(rows).toHaveCount(50);
  const size = await page.evaluate(() => ({
    height: document.documentElement.scrollHeight,
    width: document.documentElement.scrollWidth,
  }));
  expect(size.width).toBeLessThanOrEqual(390);
  expect(size.height).toBeLessThan(50 * 120);
  await page.screenshot({ path: `${DOCS}/access-audit-390.png` });
  console.log(`audit page at 390 px, 50 rows: ${size.height} px tall`);
});
