import { listAuditEvents } from '@tagtime/db';
import { AuthPages, newPerson } from '../pages/auth.js';
import { BillingPage } from '../pages/billing.js';
import { linkMailedTo } from '../pages/outbox.js';
import { TenantsPage } from '../pages/tenants.js';
import { createAccount, testDb } from '../support/db.js';
import { expect, test } from '../support/test.js';

const SHOTS = 'test-results/screens';

test('inviting past the seats offers a prorated seat; a downgrade below the members names who must leave', async ({
  browser,
}) => {
  const owner = newPerson('Seater');
  const guest = newPerson('Joiner');
  await createAccount(owner);
  await createAccount(guest);
  const page = await (await browser.newContext()).newPage();
  await new AuthPages(page).signIn(owner);
  await expect(page.getByTestId('page-title')).toContainText('Welcome');
  const tenants = new TenantsPage(page);
  const billing = new BillingPage(page);
  const teamId = await tenants.createTeam(`Crew ${owner.name}`);

  // Team × 1, paid by a card saved through Checkout.
  await page.getByTestId('nav-billing').click();
  await page.getByTestId('add-card').click();
  await billing.typeCard('4242424242424242');
  await billing.expectBack(teamId);
  const dialog = await billing.choose('team', 1);
  await dialog.getByTestId('plan-change-confirm').click();
  await expect(page.getByTestId('current-plan')).toHaveText('Team × 1');
  await expect(page.getByTestId('seat-usage')).toHaveText('1 of 1 seat used');

  // The one seat is the owner's: an invitation is refused with the reason, and a seat offered.
  await page.goto(`/tenants/${teamId}`);
  await page.getByTestId('invite-email').fill(guest.email);
  await page.getByTestId('create-invite').click();
  const offer = page.getByTestId('seats-full');
  await expect(offer).toContainText('All 1 seat is taken (1 member, 0 pending invitations)');
  await offer.getByTestId('add-seat').click();
  const seat = page.getByTestId('seat-change');
  await expect(seat.getByTestId('seat-change-total')).toContainText('charged to visa •••• 4242');
  await page.screenshot({ path: `${SHOTS}/billing-seat-offer-1280.png` });
  await seat.getByTestId('seat-change-confirm').click();
  await expect(page.getByTestId('invite-link')).toContainText('/invite/');
  await expect(offer).toHaveCount(0);

  // The guest joins: two members on two seats.
  const guestPage = await (await browser.newContext()).newPage();
  await new AuthPages(guestPage).signIn(guest);
  await expect(guestPage.getByTestId('page-title')).toContainText('Welcome');
  await guestPage.goto(await linkMailedTo(guest.email, '/invite'));
  await guestPage.getByTestId('accept-invite').click();
  await expect(guestPage.getByTestId('page-title')).toHaveText(`Crew ${owner.name}`);

  // Back to one seat: refused, naming who must leave first.
  await page.goto(`/tenants/${teamId}/billing`);
  await expect(page.getByTestId('current-plan')).toHaveText('Team × 2');
  await expect(page.getByTestId('seat-usage')).toHaveText('2 of 2 seats used');
  await page.getByTestId('seats').fill('1');
  await page.getByTestId('choose-plan-team').click();
  await expect(
    page.getByText(/2 members need 2 seats; for 1, one member must leave first/),
  ).toBeVisible();
  await expect(page.getByText(guest.email).first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/billing-downgrade-refused-1280.png` });
  await expect(page.getByTestId('current-plan')).toHaveText('Team × 2');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SHOTS}/billing-team-390.png`, fullPage: true });

  // The seat bought and the invitation taken are in the tenant's audit trail, with their actors.
  const trail = await listAuditEvents(testDb(), { tenantId: teamId, limit: 100 });
  const done = trail.filter((e) => e.outcome === 'ok').map((e) => e.action);
  expect(done).toEqual(
    expect.arrayContaining(['billing.card_added', 'billing.plan_change', 'billing.seat_added']),
  );
  const joined = trail.find((e) => e.action === 'tenant.invite_accepted');
  expect(joined).toMatchObject({ outcome: 'ok', reason: 'joined as member' });
});
