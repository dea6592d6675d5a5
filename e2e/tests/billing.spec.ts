import { createInvoice, createSubscription, issueInvoice } from '@tagtime/db';
import { AuthPages, newPerson } from '../pages/auth.js';
import { BillingPage } from '../pages/billing.js';
import { TenantsPage } from '../pages/tenants.js';
import { createAccount, testDb } from '../support/db.js';
import { expect, test } from '../support/test.js';

test('upgrade by card, see the invoice; staff record a transfer for an invoice without a card', async ({
  browser,
}) => {
  const owner = newPerson('Payer');
  const staff = newPerson('Staff');
  await createAccount(staff, 'staff-admin');

  const page = await (await browser.newContext()).newPage();
  await new AuthPages(page).signUp(owner);
  await expect(page.getByTestId('page-title')).toContainText('Welcome');
  // A customer does not find the staff area.
  await page.goto('/staff');
  await expect(page.getByTestId('not-found')).toBeVisible();

  await page.goto('/tenants');
  await page.getByTestId('tenant-link-personal').click();
  await page.getByTestId('nav-billing').click();
  await expect(page.getByTestId('current-plan')).toHaveText('Free');
  await expect(page.getByTestId('empty-state')).toContainText('No invoices yet');
  // A card first (Stripe Checkout in setup mode), then the change asks, with the amount;
  // nothing is charged until it is confirmed.
  const billing = new BillingPage(page);
  await page.getByTestId('add-card').click();
  await billing.typeCard('4242 4242 4242 4242');
  await expect(page.getByTestId('saved-card')).toHaveText('visa •••• 4242');
  await page.getByTestId('choose-plan-personal').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Personal × 1: confirm the change');
  await expect(dialog.getByTestId('plan-change-total')).toHaveText(
    'You are charged €4.00 now, prorated for the rest of this period, on visa •••• 4242.',
  );
  await dialog.getByTestId('plan-change-cancel').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('current-plan')).toHaveText('Free');
  await page.getByTestId('choose-plan-personal').click();
  await page.screenshot({ path: 'test-results/screens/billing-confirm.png', fullPage: true });
  await page.getByRole('dialog').getByTestId('plan-change-confirm').click();
  await expect(page.getByTestId('current-plan')).toHaveText('Personal × 1');
  await expect(page.getByTestId('subscription-status')).toHaveText('active');
  await expect(page.getByTestId('invoice-status')).toHaveText('paid');
  await page.screenshot({ path: 'test-results/screens/billing.png', fullPage: true });

  const billingUrl = page.url();
  await page.getByTestId('invoice-row').getByRole('link').click();
  await expect(page.getByTestId('invoice-total')).toHaveText('€4.00');
  await expect(page.getByTestId('invoice-line')).toHaveCount(1);
  await expect(page.getByTestId('invoice-number')).toContainText('INV-');
  await expect(page.getByTestId('print')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/invoice.png', fullPage: true });
  // The printed invoice (its PDF) leaves the app's header and buttons out.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('print')).toBeHidden();
  await expect(page.getByTestId('nav-overview')).toBeHidden();
  await expect(page.getByTestId('invoice-total')).toBeVisible();
  await page.emulateMedia({ media: 'screen' });
  await expect(page.getByTestId('invoice-state')).toHaveText('paid');
  await page.getByTestId('back-to-billing').click();
  await expect(page).toHaveURL(billingUrl);

  // A team of the same owner, billed by transfer (no card): staff issued it an invoice that is
  // two weeks overdue (made behind the browser's back; only the clock is faked).
  const teamId = await new TenantsPage(page).createTeam(`Transfer ${owner.name}`);
  const subscription = await createSubscription(testDb(), {
    tenantId: teamId,
    planCode: 'team',
    seats: 1,
    currentPeriodStart: new Date(Date.now() - 20 * 86400_000),
    currentPeriodEnd: new Date(Date.now() + 10 * 86400_000),
  });
  const draft = await createInvoice(testDb(), {
    tenantId: teamId,
    subscriptionId: subscription.id,
    currency: 'EUR',
    lines: [{ description: 'Team × 1 seat', quantity: 1, unitAmountCents: 800 }],
  });
  const issued = await issueInvoice(testDb(), {
    invoiceId: draft.id,
    issuedAt: new Date(Date.now() - 15 * 86400_000),
    dueAt: new Date(Date.now() - 86400_000),
  });
  const invoiceNumber = issued.number;
  const teamBillingUrl = `/tenants/${teamId}/billing`;

  // Staff: run billing (the subscription falls past due), record the payment; both audited.
  const staffPage = await (await browser.newContext()).newPage();
  await new AuthPages(staffPage).signIn(staff);
  await expect(staffPage.getByTestId('page-title')).toContainText('Welcome');
  await staffPage.goto('/staff/billing');
  await expect(staffPage.getByTestId('staff-role')).toContainText('staff-admin');
  await staffPage.getByTestId('run-billing').click();
  await expect(staffPage.getByText(/Billing run done/)).toBeVisible();
  await page.goto(teamBillingUrl);
  await expect(page.getByTestId('past-due-banner')).toBeVisible();
  await expect(page.getByTestId('subscription-status')).toHaveText('past due');
  await page.screenshot({ path: 'test-results/screens/billing-past-due.png', fullPage: true });
  const row = staffPage.getByTestId(`open-invoice-${invoiceNumber}`);
  await expect(row).toContainText('€8.00');
  await row.getByTestId('record-payment').click();
  await expect(staffPage.getByText('Payment recorded.')).toBeVisible();
  await expect(row).toHaveCount(0);
  await staffPage.goto('/staff/audit');
  await expect(staffPage.getByTestId('audit-table')).toContainText('staff.record_payment');
  await expect(staffPage.getByTestId('audit-table')).toContainText('staff.billing_run');

  await page.getByTestId('invoice-row').getByRole('link').click();
  await expect(page.getByTestId('invoice-state')).toHaveText('paid');
  await page.goto(teamBillingUrl);
  await expect(page.getByTestId('subscription-status')).toHaveText('active');
  await expect(page.getByTestId('past-due-banner')).toHaveCount(0);
});
