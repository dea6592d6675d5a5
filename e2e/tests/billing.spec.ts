import { createDb } from '@tagtime/db';
import { setInvoiceDueAt } from '@tagtime/db/testing';
import { AuthPages, newPerson } from '../pages/auth.js';
import { createAccount } from '../support/db.js';
import { DATABASE_URL } from '../support/env.js';
import { expect, test } from '../support/test.js';

test('upgrade, see the invoice, staff record the payment and it shows as paid', async ({
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
  // The change asks first, with the amount; nothing is charged until it is confirmed.
  await page.getByTestId('choose-plan-personal').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Personal × 1: confirm the change');
  await expect(dialog.getByTestId('plan-change-total')).toHaveText(
    'You are charged €4.00 now, prorated for the rest of this period.',
  );
  await dialog.getByTestId('plan-change-cancel').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('current-plan')).toHaveText('Free');
  await page.getByTestId('choose-plan-personal').click();
  await page.screenshot({ path: 'test-results/screens/billing-confirm.png', fullPage: true });
  await page.getByRole('dialog').getByTestId('plan-change-confirm').click();
  await expect(page.getByTestId('current-plan')).toHaveText('Personal × 1');
  await expect(page.getByTestId('subscription-status')).toHaveText('active');
  await expect(page.getByTestId('invoice-status')).toHaveText('open');
  await page.screenshot({ path: 'test-results/screens/billing.png', fullPage: true });

  const billingUrl = page.url();
  await page.getByTestId('invoice-row').getByRole('link').click();
  await expect(page.getByTestId('invoice-total')).toHaveText('€4.00');
  await expect(page.getByTestId('invoice-line')).toHaveCount(1);
  const invoiceNumber = (await page.getByTestId('invoice-number').textContent()) ?? '';
  await expect(page.getByTestId('print')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/invoice.png', fullPage: true });
  // The printed invoice (its PDF) leaves the app's header and buttons out.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('print')).toBeHidden();
  await expect(page.getByTestId('nav-overview')).toBeHidden();
  await expect(page.getByTestId('invoice-total')).toBeVisible();
  await page.emulateMedia({ media: 'screen' });
  await page.getByTestId('back-to-billing').click();
  await expect(page).toHaveURL(billingUrl);
  await page.getByTestId('invoice-row').getByRole('link').click();

  // Two weeks pass unpaid: the invoice's due date moves into the past (only the clock is faked).
  const db = createDb(DATABASE_URL);
  await setInvoiceDueAt(db.db, { invoiceNumber, dueAt: new Date(Date.now() - 86400_000) });
  await db.close();

  // Staff: run billing (the subscription falls past due), record the payment; both audited.
  const staffPage = await (await browser.newContext()).newPage();
  await new AuthPages(staffPage).signIn(staff);
  await expect(staffPage.getByTestId('page-title')).toContainText('Welcome');
  await staffPage.goto('/staff/billing');
  await expect(staffPage.getByTestId('staff-role')).toContainText('staff-admin');
  await staffPage.getByTestId('run-billing').click();
  await expect(staffPage.getByText(/Billing run done/)).toBeVisible();
  await page.goto(billingUrl);
  await expect(page.getByTestId('past-due-banner')).toBeVisible();
  await expect(page.getByTestId('subscription-status')).toHaveText('past due');
  await page.screenshot({ path: 'test-results/screens/billing-past-due.png', fullPage: true });
  const row = staffPage.getByTestId(`open-invoice-${invoiceNumber}`);
  await expect(row).toContainText('€4.00');
  await row.getByTestId('record-payment').click();
  await expect(staffPage.getByText('Payment recorded.')).toBeVisible();
  await expect(row).toHaveCount(0);
  await staffPage.goto('/staff/audit');
  await expect(staffPage.getByTestId('audit-table')).toContainText('staff.record_payment');
  await expect(staffPage.getByTestId('audit-table')).toContainText('staff.billing_run');

  await page.getByTestId('invoice-row').getByRole('link').click();
  await expect(page.getByTestId('invoice-state')).toHaveText('paid');
  await page.goto(billingUrl);
  await expect(page.getByTestId('subscription-status')).toHaveText('active');
  await expect(page.getByTestId('past-due-banner')).toHaveCount(0);
});
