// Guessing passwords and asking for mail, as strangers from many addresses would: limited, with
// the owner never locked out and nothing changed. Each test speaks from its own addresses
// (TEST-NET-3, through the one trusted proxy hop the e2e console is told of).
import { type APIRequestContext, request as playwrightRequest } from '@playwright/test';
import { AuthPages, newPerson } from '../pages/auth.js';
import { mailCount } from '../pages/outbox.js';
import { trySignIn } from '../pages/sign-in-api.js';
import { createAccount } from '../support/db.js';
import { CONSOLE_URL } from '../support/env.js';
import { expect, test } from '../support/test.js';

let net = Math.floor(Math.random() * 200);
/** A client at an address of its own. */
async function stranger(network = '203.0.113'): Promise<APIRequestContext> {
  net += 1;
  return playwrightRequest.newContext({
    baseURL: CONSOLE_URL,
    extraHTTPHeaders: { 'x-forwarded-for': `${network}.${net % 250}` },
  });
}

test('a botnet guessing one password is slowed, the owner signs in from their browser', async ({
  page,
  browser,
}) => {
  const auth = new AuthPages(page);
  const owner = newPerson('Target');
  await auth.signUp(owner);
  await auth.signOut();

  // 25 wrong guesses, each from another address: past 20 the account waits for new browsers.
  const answers: string[] = [];
  for (let i = 0; i < 25; i += 1) {
    const client = await stranger();
    answers.push(await trySignIn(client, { email: owner.email, password: `guess-${i}-wrong!` }));
    await client.dispose();
  }
  expect(answers.slice(0, 20)).toEqual(Array(20).fill('CredentialsSignin'));
  expect(answers.slice(20).every((a) => a.startsWith('rate_limited:'))).toBe(true);
  // Even the right password from a new browser waits now (that is the point of the limit)…
  const newcomer = await stranger();
  expect(await trySignIn(newcomer, owner)).toMatch(/^rate_limited:/);
  await newcomer.dispose();
  // …but the owner's own browser, which signed in before, is not locked out.
  await auth.signIn(owner);
  await expect(page.getByTestId('current-user')).toHaveText(owner.name);
  // A fresh browser sees the wait in words.
  const fresh = await (await browser.newContext()).newPage();
  await new AuthPages(fresh).signIn(owner);
  await new AuthPages(fresh).expectError(
    /Too many attempts\. Try again in \d+ (seconds?|minutes?)\./,
  );
});

test('one address guessing at one account backs off; another address is not held up', async () => {
  const person = newPerson('Guessed');
  await createAccount(person);
  const guesser = await stranger();
  const answers: string[] = [];
  for (let i = 0; i < 6; i += 1) {
    answers.push(await trySignIn(guesser, { email: person.email, password: `wrong-${i}-guess` }));
  }
  expect(answers.slice(0, 5)).toEqual(Array(5).fill('CredentialsSignin'));
  expect(answers[5]).toMatch(/^rate_limited:(5\d|60)$/);
  // The right password from that address waits too; from another address it works.
  expect(await trySignIn(guesser, person)).toMatch(/^rate_limited:/);
  const elsewhere = await stranger();
  expect(await trySignIn(elsewhere, person)).toBe('ok');
  await guesser.dispose();
  await elsewhere.dispose();
});

test('one address trying many accounts is stopped after 50 failures', async () => {
  // A network of its own, so the other tests' guesses do not count against this address.
  const sprayer = await stranger('192.0.2');
  const answers: string[] = [];
  for (let i = 0; i < 51; i += 1) {
    const email = newPerson(`Spray${i}`).email;
    answers.push(await trySignIn(sprayer, { email, password: 'Summer2026!!' }));
  }
  expect(answers.slice(0, 50).every((a) => a === 'CredentialsSignin')).toBe(true);
  expect(answers[50]).toMatch(/^rate_limited:/);
  const other = await stranger();
  expect(
    await trySignIn(other, { email: newPerson('Other').email, password: 'x-password-y' }),
  ).toBe('CredentialsSignin');
  await sprayer.dispose();
  await other.dispose();
});

test('twenty reset requests for one victim send three mails; sign-up is limited alike', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const victim = newPerson('Flooded');
  await createAccount(victim);

  const refusals: string[] = [];
  const flooder = await (await browser.newContext()).newPage();
  for (let i = 0; i < 20; i += 1) {
    // From ever new addresses, so only the per-recipient limit can stop it.
    await flooder.setExtraHTTPHeaders({ 'x-forwarded-for': `198.51.100.${(net + i) % 250}` });
    await flooder.goto('/forgot-password');
    await flooder.getByTestId('email').fill(victim.email);
    await flooder.getByTestId('send-reset').click();
    const sent = flooder.getByTestId('reset-sent');
    const refused = flooder.getByTestId('form-error');
    await expect(sent.or(refused)).toBeVisible();
    if (await refused.count()) refusals.push((await refused.textContent()) ?? '');
  }
  expect(await mailCount(victim.email)).toBe(3);
  expect(refusals).toHaveLength(17);
  expect(refusals[0]).toContain('Too many requests for now');

  // Signing up with the victim's address mails them too: refused now, and no mail more.
  const auth = new AuthPages(page);
  await auth.fillSignUp(victim);
  await auth.expectError('Too many requests for now');
  expect(await mailCount(victim.email)).toBe(3);
});
