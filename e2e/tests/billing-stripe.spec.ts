import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createSubscription, listAuditEvents } from '@tagtime/db';
import { endSubscriptionPeriodAt } from '@tagtime/db/testing';
import { AuthPages, newPerson } from '../pages/auth.js';
import { advanceTestClock, BillingPage } from '../pages/billing.js';
import { mailCount } from '../pages/outbox.js';
import { TenantsPage } from '../pages/tenants.js';
import { createAccount, mailTo, testDb } from '../support/db.js';
import {
  DATABASE_URL,
  STRIPE_API_BASE,
  STRIPE_SECRET_KEY,
  STRIPE_WEBHOOK_SECRET,
} from '../support/env.js';
import { expect, test } from '../support/test.js';

const SHOTS = 'test-results/screens';
const run = promisify(execFile);

test('a card through Checkout, an upgrade with proration, a declined renewal into past_due and back', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const owner = newPerson('Carder');
  const staff = newPerson('Biller');
  await createAccount(owner);
  await createAccount(staff, 'staff-admin');
  const page = await (await browser.newContext()).newPage();
  await new AuthPages(page).signIn(owner);
  await expect(page.getByTestId('page-title')).toContainText('Welcome');
  const billing = new BillingPage(page);
  const tenantId = await new TenantsPage(page).createTeam(`Studio ${owner.name}`);
  await page.getByTestId('nav-billing').click();
  await expect(page.getByTestId('test-mode')).toHaveText('test mode');
  await expect(page.getByTestId('saved-card')).toContainText('No card yet');

  // A change that costs money asks for a card first, and says so.
  const dialog = await billing.choose('personal');
  await expect(dialog.getByTestId('needs-card')).toContainText('costs €4.00');
  await page.screenshot({ path: `${SHOTS}/billing-needs-card-1280.png` });
  await dialog.getByTestId('plan-change-confirm').click();
  // Stripe Checkout (setup mode): a declined card saves nothing; a good one comes back.
  await expect(page.getByTestId('card-number')).toBeVisible();
  await billing.typeCard('4000 0000 0000 0002');
  await expect(page.getByTestId('card-error')).toHaveText('Your card was declined.');
  await page.screenshot({ path: `${SHOTS}/billing-checkout-declined-1280.png` });
  await billing.typeCard('4242 4242 4242 4242');
  await billing.expectBack(tenantId);
  await expect(page.getByTestId('saved-card')).toHaveText('visa •••• 4242');
  await expect(page.getByTestId('current-plan')).toHaveText('Free');

  // Now the upgrade charges the card; then Team × 2 charges the prorated difference.
  const upgrade = await billing.choose('personal');
  await expect(upgrade.getByTestId('plan-change-total')).toHaveText(
    'You are charged €4.00 now, prorated for the rest of this period, on visa •••• 4242.',
  );
  await upgrade.getByTestId('plan-change-confirm').click();
  await expect(page.getByTestId('current-plan')).toHaveText('Personal × 1');
  await expect(page.getByTestId('invoice-status').first()).toHaveText('paid');
  const team = await billing.choose('team', 2);
  await expect(team).toContainText('Unused time on Personal × 1');
  await expect(team).toContainText('Remaining time on Team × 2');
  await expect(team.getByTestId('plan-change-total')).toContainText(
    'prorated for the rest of this period',
  );
  await page.screenshot({ path: `${SHOTS}/billing-proration-1280.png` });
  await team.getByTestId('plan-change-confirm').click();
  await expect(page.getByTestId('current-plan')).toHaveText('Team × 2');
  await expect(page.getByTestId('invoice-status')).toHaveText(['paid', 'paid']);
  await page.screenshot({ path: `${SHOTS}/billing-paid-1280.png`, fullPage: true });

  // The portal: the card is replaced by one that saves but declines every charge.
  await billing.replaceCardInPortal('4000000000000341');
  await expect(page.getByTestId('portal-invoice')).toHaveCount(2);
  await page.screenshot({ path: `${SHOTS}/billing-portal-1280.png`, fullPage: true });
  await page.getByTestId('portal-return').click();
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('saved-card')).toHaveText('visa •••• 0341', { timeout: 500 });
  }).toPass();

  // A month passes: staff run billing, the renewal is declined, the plan falls past due.
  await endSubscriptionPeriodAt(testDb(), { tenantId, end: new Date(Date.now() - 60_000) });
  const staffPage = await (await browser.newContext()).newPage();
  await new AuthPages(staffPage).signIn(staff);
  await expect(staffPage.getByTestId('page-title')).toContainText('Welcome');
  await staffPage.goto('/staff/billing');
  await staffPage.getByTestId('run-billing').click();
  await expect(staffPage.getByText(/by card 0 paid, 1 declined/)).toBeVisible();
  await expect
    .poll(async () => (await mailTo(owner.email)).map((mail) => mail.subject))
    .toContainEqual(expect.stringMatching(/^Payment failed for invoice/));
  await page.reload();
  await expect(page.getByTestId('subscription-status')).toHaveText('past due');
  await expect(page.getByTestId('past-due-banner')).toContainText('Your card was declined');
  await page.screenshot({ path: `${SHOTS}/billing-past-due-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SHOTS}/billing-past-due-390.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });

  // Stripe retries a day later (the test clock): declined again, a second dunning mail.
  const failures = async () =>
    (await mailTo(owner.email)).filter((mail) => mail.subject.startsWith('Payment failed')).length;
  expect(await failures()).toBe(1);
  await advanceTestClock(tenantId, 86400 + 60);
  await expect.poll(failures).toBe(2);
  const dunning = (await mailTo(owner.email)).find((mail) =>
    mail.subject.startsWith('Payment failed'),
  );
  expect(dunning?.body).toMatch(/attempt 2\)/);
  expect(dunning?.body).toContain(`/tenants/${tenantId}/billing`);

  // A good card in the portal: the open invoice is charged at once, the plan is active again.
  const before = await mailCount(owner.email);
  await billing.replaceCardInPortal('5555 5555 5555 4444', 'card-portal');
  await page.getByTestId('portal-return').click();
  // Stripe's webhook brings the change: the page shows it once it has come.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('subscription-status')).toHaveText('active', { timeout: 500 });
  }).toPass();
  await expect(page.getByTestId('past-due-banner')).toHaveCount(0);
  await expect(page.getByTestId('invoice-status')).toHaveText(['paid', 'paid', 'paid']);
  await expect.poll(() => mailCount(owner.email)).toBe(before + 1);
  expect((await mailTo(owner.email))[0]?.subject).toBe(
    'Payment received: your plan is active again',
  );

  // Every change to money is in the audit trail.
  const actions = (await listAuditEvents(testDb(), { tenantId, limit: 100 })).map((e) => e.action);
  expect(actions).toEqual(
    expect.arrayContaining([
      'billing.card_added',
      'billing.plan_change',
      'billing.card_replaced',
      'billing.payment_failed',
      'billing.subscription_past_due',
      'billing.invoice_paid',
      'billing.subscription_recovered',
    ]),
  );
});

test('a declined upgrade changes nothing; dunning that runs out ends the plan (Free)', async ({
  browser,
}) => {
  const owner = newPerson('Lapser');
  await createAccount(owner);
  const page = await (await browser.newContext()).newPage();
  await new AuthPages(page).signIn(owner);
  await expect(page.getByTestId('page-title')).toContainText('Welcome');
  const billing = new BillingPage(page);
  const tenantId = await new TenantsPage(page).createTeam(`Lapse ${owner.name}`);
  await page.getByTestId('nav-billing').click();
  await page.getByTestId('add-card').click();
  await billing.typeCard('4000000000000341');
  await expect(page.getByTestId('saved-card')).toHaveText('visa •••• 0341');

  // The card saves but declines: the upgrade is refused in Stripe's words, nothing changes.
  const dialog = await billing.choose('team', 1);
  await dialog.getByTestId('plan-change-confirm').click();
  await expect(
    page.getByText(/Your card was declined\. Nothing was charged and your plan is unchanged/),
  ).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('current-plan')).toHaveText('Free');
  await expect(page.getByTestId('empty-state')).toContainText('No invoices yet');

  // Team × 1 from before (set up behind the browser), its period over: the billing run
  // (`npm run billing:run`, the real command) charges the renewal, declined; Stripe's retries
  // run out over a week of the test clock; the plan ends.
  await createSubscription(testDb(), {
    tenantId,
    planCode: 'team',
    seats: 1,
    currentPeriodStart: new Date(Date.now() - 31 * 86400_000),
    currentPeriodEnd: new Date(Date.now() - 60_000),
  });
  await runBillingCommand();
  await page.reload();
  await expect(page.getByTestId('subscription-status')).toHaveText('past due');
  await advanceTestClock(tenantId, 8 * 86400);
  await expect
    .poll(async () => (await mailTo(owner.email)).map((mail) => mail.subject))
    .toContainEqual('Your plan has ended: moved to Free');
  expect(
    (await mailTo(owner.email)).filter((m) => m.subject.startsWith('Payment failed')),
  ).toHaveLength(3);
  await page.reload();
  await expect(page.getByTestId('current-plan')).toHaveText('Free');
  await expect(page.getByTestId('invoice-status')).toHaveText(['void']);
  const actions = (await listAuditEvents(testDb(), { tenantId, limit: 100 })).map((e) => e.action);
  expect(actions).toEqual(expect.arrayContaining(['billing.subscription_canceled']));
  expect(
    (await listAuditEvents(testDb(), { tenantId, limit: 100 })).find(
      (e) => e.action === 'billing.plan_change',
    ),
  ).toMatchObject({ outcome: 'refused', refusalCode: 'card_declined' });
});

/** `npm run billing:run` at the repository's root, against this run's database and Stripe. */
async function runBillingCommand() {
  const { stdout } = await run('npm', ['run', '--silent', 'billing:run'], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: {
      ...process.env,
      DATABASE_URL,
      STRIPE_SECRET_KEY,
      STRIPE_WEBHOOK_SECRET,
      STRIPE_API_BASE,
    },
  });
  expect(stdout).toContain('by card: 0 paid, 1 declined');
}
