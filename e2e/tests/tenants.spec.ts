import { AuthPages, newPerson } from '../pages/auth.js';
import { TenantsPage } from '../pages/tenants.js';
import { expect, test } from '../support/test.js';

test('create a team, invite by link, accept, change role; strangers and members are kept out', async ({
  browser,
}) => {
  const owner = newPerson('Owner');
  const member = newPerson('Member');
  const stranger = newPerson('Stranger');

  const ownerPage = await (await browser.newContext()).newPage();
  await new AuthPages(ownerPage).signUp(owner);
  await expect(ownerPage.getByTestId('page-title')).toContainText('Welcome');
  const tenants = new TenantsPage(ownerPage);
  const teamId = await tenants.createTeam(`Team ${owner.name}`);
  await expect(ownerPage.getByTestId('my-role')).toHaveText('owner');
  const link = await tenants.invite(member.email, 'member');
  await ownerPage.screenshot({ path: 'test-results/screens/members.png', fullPage: true });

  // The invited person signs up, opens the link and joins as a member.
  const memberPage = await (await browser.newContext()).newPage();
  await new AuthPages(memberPage).signUp(member);
  await expect(memberPage.getByTestId('page-title')).toContainText('Welcome');
  await memberPage.goto(new URL(link).pathname);
  await memberPage.getByTestId('accept-invite').click();
  await expect(memberPage.getByTestId('page-title')).toHaveText(`Team ${owner.name}`);
  await expect(memberPage.getByTestId('my-role')).toHaveText('member');
  // A member sees no management controls.
  await expect(memberPage.getByTestId('invite-email')).toHaveCount(0);
  await expect(memberPage.getByTestId('member-role-select')).toHaveCount(0);

  // The owner promotes the member to admin; the member sees it.
  await ownerPage.reload();
  await tenants.member(member.email).getByTestId('member-role-select').selectOption('admin');
  await expect(ownerPage.getByText(`${member.name} is now admin.`)).toBeVisible();
  await memberPage.reload();
  await expect(memberPage.getByTestId('my-role')).toHaveText('admin');

  // The last owner cannot leave, and the page says why before they try.
  await expect(tenants.member(owner.email).getByTestId('leave-tenant')).toBeDisabled();
  await expect(tenants.member(owner.email).getByTestId('leave-reason')).toContainText('only owner');

  // Someone else cannot reach the team by its id, nor use the link meant for the member.
  const strangerPage = await (await browser.newContext()).newPage();
  await new AuthPages(strangerPage).signUp(stranger);
  await expect(strangerPage.getByTestId('page-title')).toContainText('Welcome');
  await strangerPage.goto(`/tenants/${teamId}`);
  await expect(strangerPage.getByTestId('not-found')).toBeVisible();
  // The old /t/ address of a tenant redirects, and keeps the stranger out just the same.
  await strangerPage.goto(`/t/${teamId}/billing`);
  await expect(strangerPage).toHaveURL(new RegExp(`/tenants/${teamId}/billing$`));
  await expect(strangerPage.getByTestId('not-found')).toBeVisible();
  // The member's link is used up: it says so and offers nothing to accept.
  await strangerPage.goto(new URL(link).pathname);
  await expect(strangerPage.getByTestId('invite-invalid')).toContainText('has been used');
  await expect(strangerPage.getByTestId('accept-invite')).toHaveCount(0);
  await strangerPage.goto(`/tenants/${teamId}`);
  await expect(strangerPage.getByTestId('not-found')).toBeVisible();
});
