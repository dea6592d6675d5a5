// What staff find: a way into their area, and people by any part of an email or name.

import { AuthPages, newPerson } from '../pages/auth.js';
import { createAccount } from '../support/db.js';
import { expect, test } from '../support/test.js';

test('staff see a link to the staff area and find people by part of an email or name', async ({
  page,
}) => {
  const customer = newPerson('Findable');
  const staff = newPerson('Helper');
  await createAccount(customer);
  await createAccount(staff, 'support');
  const auth = new AuthPages(page);

  await auth.signIn(customer);
  await expect(page.getByTestId('current-user')).toHaveText(customer.name);
  await expect(page.getByTestId('nav-staff')).toHaveCount(0);
  await auth.signOut();

  await auth.signIn(staff);
  await page.getByTestId('nav-staff').click();
  await expect(page).toHaveURL(/\/staff$/);
  // The middle of the address: "findable-<id>@example.test" → "<id>@example".
  const middle = customer.email.slice('findable-'.length, customer.email.indexOf('.test'));
  for (const query of [middle, customer.name.slice(3)]) {
    await page.getByTestId('staff-search-query').fill(query);
    await page.getByTestId('staff-search').click();
    await expect(page.getByText(customer.email)).toBeVisible();
  }
});
