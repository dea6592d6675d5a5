import { createInvoice, issueInvoice } from '@tagtime/db';
import { AuthPages, newPerson } from '../pages/auth.js';
import { BillingPage } from '../pages/billing.js';
import { DevicesPage } from '../pages/devices.js';
import { expectFitsPhone, PHONE } from '../pages/phone.js';
import { TenantsPage } from '../pages/tenants.js';
import { createAccount, testDb } from '../support/db.js';
import { SERVER_URL } from '../support/env.js';
import { expect, test } from '../support/test.js';

test('at 390 px every page fits the screen and keeps its actions reachable', async ({
  browser,
  request,
}) => {
  // A dozen pages, each measured and each of its buttons tried: longer than one flow.
  test.setTimeout(300_000);
  const owner = newPerson('Phone');
  const member = newPerson('Pocket');
  const staff = newPerson('Staffphone');
  await createAccount(staff, 'staff-admin');
  await createAccount(member);

  const page = await (await browser.newContext({ viewport: PHONE })).newPage();
  await new AuthPages(page).signUp(owner);
  await expect(page.getByTestId('page-title')).toContainText('Welcome');
  await expectFitsPhone(page, 'overview');

  // A team with a second member, so the members table has role selects and Remove buttons.
  await page.goto('/tenants');
  await expectFitsPhone(page, 'tenants');
  const tenants = new TenantsPage(page);
  const teamId = await tenants.createTeam(`Team ${owner.name}`);
  const link = await tenants.invite(member.email, 'member');
  const memberPage = await (await browser.newContext({ viewport: PHONE })).newPage();
  await new AuthPages(memberPage).signIn(member);
  await expect(memberPage.getByTestId('page-title')).toContainText('Welcome');
  await memberPage.goto(new URL(link).pathname);
  await memberPage.getByTestId('accept-invite').click();
  await expect(memberPage.getByTestId('my-role')).toHaveText('member');
  await page.reload();
  await expect(tenants.member(member.email).getByTestId('remove-member')).toBeVisible();
  await expectFitsPhone(page, 'tenant');
  // Pending invitations too (one with a long address), each with Resend and Revoke; and the
  // link of the latest one shown to copy.
  const pending = [
    `pending-${Date.now()}@example.test`,
    `someone.with.a.rather.long.address.${Date.now()}@a-subdomain.example.test`,
  ];
  for (const email of pending) await tenants.invite(email, 'admin');
  await expect(page.getByTestId('invite-link')).toBeVisible();
  await expectFitsPhone(page, 'tenant-invite-link');
  await page.reload();
  for (const email of pending) {
    await expect(tenants.pendingInvite(email).getByTestId('resend-invite')).toBeVisible();
    await expect(tenants.pendingInvite(email).getByTestId('revoke-invite')).toBeVisible();
  }
  await expectFitsPhone(page, 'tenant-pending');

  // Billing with a card and an invoice, and the invoice itself. Two members: two seats.
  await page.getByTestId('nav-billing').click();
  await expectFitsPhone(page, 'billing-no-card');
  await page.getByTestId('add-card').click();
  await new BillingPage(page).typeCard('4242424242424242');
  await expect(page.getByTestId('saved-card')).toHaveText('visa •••• 4242');
  await page.getByTestId('seats').fill('2');
  await page.getByTestId('choose-plan-team').click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectFitsPhone(page, 'billing-confirm');
  await page.getByRole('dialog').getByTestId('plan-change-confirm').click();
  await expect(page.getByTestId('current-plan')).toHaveText('Team × 2');
  // The toast of the change stays clear of the header.
  const toast = page.locator('[data-sonner-toast]').first();
  await expect(toast).toBeVisible();
  const toastBox = await toast.boundingBox();
  const headerBox = await page.locator('header').first().boundingBox();
  expect(toastBox && headerBox && toastBox.y >= headerBox.y + headerBox.height).toBe(true);
  await expectFitsPhone(page, 'billing');
  await page.getByTestId('invoice-row').getByRole('link').click();
  await expect(page.getByTestId('invoice-total')).toBeVisible();
  await expectFitsPhone(page, 'invoice');

  // Devices with one paired, so its row has Rename and Revoke.
  const devices = new DevicesPage(page);
  await devices.open();
  const code = await devices.showPairingCode();
  const paired = await request.post(`${SERVER_URL}/v1/pair`, {
    data: { code, name: 'A watch with a rather long name', kind: 'watch' },
  });
  expect(paired.status()).toBe(200);
  const { device } = (await paired.json()) as { device: string };
  await page.reload();
  await expect(devices.row(device).getByTestId('revoke-device')).toBeVisible();
  await expectFitsPhone(page, 'devices');
  // With records: the row says when it last wrote one.
  const { token } = (await paired.json()) as { token: string };
  const t = Date.now() - 60_000;
  const appended = await request.post(`${SERVER_URL}/v1/records`, {
    headers: { authorization: `Bearer ${token}` },
    data: {
      records: [
        { device, t, kind: 'ping', body: { ping: Math.floor(t / 1000), tags: ['phone-test'] } },
        {
          device,
          t: t + 1,
          kind: 'error',
          body: { message: 'a rather long error message '.repeat(4) },
        },
      ],
    },
  });
  expect(appended.status()).toBe(200);
  await page.reload();
  await expect(devices.row(device).getByTestId('revoke-device')).toBeVisible();
  await expect(devices.row(device).getByTestId('device-head')).toHaveText(/\d{4}/);
  await expectFitsPhone(page, 'devices-with-records');

  await page.getByTestId('nav-profile').click();
  await expectFitsPhone(page, 'profile');

  // Not found keeps the header and answers 404, for an unknown page and a foreign tenant.
  const unknown = await page.goto('/no-such-page');
  expect(unknown?.status()).toBe(404);
  await expect(page.getByTestId('not-found')).toBeVisible();
  await expect(page.getByTestId('nav-overview')).toBeVisible();
  await expectFitsPhone(page, 'not-found');
  const foreign = await memberPage.goto('/tenants/ten_does_not_exist');
  expect(foreign?.status()).toBe(404);
  await expect(memberPage.getByTestId('nav-overview')).toBeVisible();
  expect((await memberPage.goto(`/tenants/${teamId}/billing`))?.status()).toBe(200);

  // The staff area: user search, billing with its open invoice, the audit log.
  const staffPage = await (await browser.newContext({ viewport: PHONE })).newPage();
  await new AuthPages(staffPage).signIn(staff);
  await expect(staffPage.getByTestId('page-title')).toContainText('Welcome');
  await staffPage.goto('/staff');
  await expectFitsPhone(staffPage, 'staff');
  await staffPage.getByTestId('staff-search-query').fill(owner.email);
  await staffPage.getByTestId('staff-search').click();
  await expect(staffPage.getByText(owner.email)).toBeVisible();
  await expectFitsPhone(staffPage, 'staff-search');
  // An open invoice (cards pay the others at once): one issued by hand, to pay by transfer.
  const draft = await createInvoice(testDb(), {
    tenantId: teamId,
    currency: 'EUR',
    lines: [{ description: 'Onboarding session', quantity: 1, unitAmountCents: 5000 }],
  });
  await issueInvoice(testDb(), { invoiceId: draft.id, dueAt: new Date(Date.now() + 86400_000) });
  await staffPage.goto('/staff/billing');
  await expect(staffPage.getByTestId('record-payment').first()).toBeVisible();
  await expectFitsPhone(staffPage, 'staff-billing');
  await staffPage.goto('/staff/audit');
  await expect(staffPage.getByTestId('audit-row').first()).toBeVisible();
  await expectFitsPhone(staffPage, 'staff-audit');
});
