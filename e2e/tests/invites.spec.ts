// Invitations: mailed, single-use, revocable, renewable, and re-checked on accept.

import { listAuditEvents } from '@tagtime/db';
import { AuthPages, newPerson } from '../pages/auth.js';
import { linkMailedTo } from '../pages/outbox.js';
import { TenantsPage } from '../pages/tenants.js';
import { testDb } from '../support/db.js';
import { expect, test } from '../support/test.js';

test('an invitation opened while signed out comes back after sign-up, and works once', async ({
  page,
  browser,
}) => {
  const owner = newPerson('Host');
  const guest = newPerson('Guest');
  await new AuthPages(page).signUp(owner);
  const tenants = new TenantsPage(page);
  const teamName = `Party ${owner.name}`;
  const teamId = await tenants.createTeam(teamName);
  const shown = await tenants.invite(guest.email, 'member');
  await expect(tenants.pendingInvite(guest.email)).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/invites.png', fullPage: true });

  // The link came by mail too, and the guest has no account yet.
  const link = await linkMailedTo(guest.email, '/invite');
  expect(new URL(shown).pathname).toBe(link);
  const guestPage = await (await browser.newContext()).newPage();
  const guestAuth = new AuthPages(guestPage);
  await guestPage.goto(link);
  await expect(guestPage).toHaveURL(/\/sign-in\?callbackUrl=/);
  await guestPage.getByTestId('create-account').click();
  await guestAuth.signUp(guest, '');
  await expect(guestPage).toHaveURL(new RegExp(`${link}$`));
  await guestPage.getByTestId('accept-invite').click();
  await expect(guestPage.getByTestId('page-title')).toHaveText(teamName);
  await page.reload();
  await expect(tenants.pendingInvite(guest.email)).toHaveCount(0);

  // Removed, the guest cannot come back with the same link: it says it was used.
  page.once('dialog', (dialog) => dialog.accept());
  await tenants.member(guest.email).getByTestId('remove-member').click();
  await expect(tenants.member(guest.email)).toHaveCount(0);
  await guestPage.goto(link);
  await expect(guestPage.getByTestId('invite-invalid')).toContainText('has been used');
  await expect(guestPage.getByTestId('accept-invite')).toHaveCount(0);
  await guestPage.goto(`/tenants/${teamId}`);
  await expect(guestPage.getByTestId('not-found')).toBeVisible();

  // Joining and being removed both change who holds the tenant's data: both are audited.
  const actions = (await listAuditEvents(testDb(), { tenantId: teamId, limit: 50 }))
    .filter((e) => e.outcome === 'ok')
    .map((e) => e.action);
  expect(actions).toEqual(
    expect.arrayContaining(['tenant.invite_accepted', 'tenant.remove_member']),
  );
});

test('pending invitations: copy the link, resend (the old link dies), revoke', async ({
  page,
  browser,
}) => {
  const owner = newPerson('Sender');
  const guest = newPerson('Invitee');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await new AuthPages(page).signUp(owner);
  const tenants = new TenantsPage(page);
  await tenants.createTeam(`Club ${owner.name}`);
  const first = await tenants.invite(guest.email, 'member');
  await page.getByTestId('copy-invite-link').first().click();
  expect(await page.evaluate('navigator.clipboard.readText()')).toBe(first);

  await tenants.pendingInvite(guest.email).getByTestId('resend-invite').click();
  await expect(page.getByText(`A new link went to ${guest.email}`)).toBeVisible();
  const second = await linkMailedTo(guest.email, '/invite');
  expect(second).not.toBe(new URL(first).pathname);

  const guestPage = await (await browser.newContext()).newPage();
  await new AuthPages(guestPage).signUp(guest);
  await guestPage.goto(new URL(first).pathname);
  await expect(guestPage.getByTestId('invite-invalid')).toContainText('not valid');

  page.once('dialog', (dialog) => dialog.accept());
  await tenants.pendingInvite(guest.email).getByTestId('revoke-invite').click();
  await expect(tenants.pendingInvite(guest.email)).toHaveCount(0);
  await guestPage.goto(second);
  await expect(guestPage.getByTestId('invite-invalid')).toContainText('has been revoked');
  await expect(guestPage.getByTestId('accept-invite')).toHaveCount(0);
});
