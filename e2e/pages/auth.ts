import { expect, type Page } from '@playwright/test';
import { totpCode } from '../support/totp.js';
import { linkMailedTo } from './outbox.js';

/** The sign-up and sign-in screens. */
export class AuthPages {
  constructor(private readonly page: Page) {}

  /** Signs up, opens the mailed link and confirms: signed in afterwards. */
  async signUp(user: { name: string; email: string; password: string }, from = '/sign-up') {
    await this.submitSignUp(user, from);
    await this.confirmMailedLink(user.email);
  }

  /** Fills in and sends the sign-up form; the page then says to check the mail. */
  async submitSignUp(user: { name: string; email: string; password: string }, from = '/sign-up') {
    await this.fillSignUp(user, from);
    await expect(this.page.getByTestId('sign-up-sent')).toContainText(user.email);
  }

  /** Fills in and sends the sign-up form, whatever it answers. */
  async fillSignUp(user: { name: string; email: string; password: string }, from = '/sign-up') {
    if (from) await this.page.goto(from);
    const form = this.page.getByTestId('sign-up-form');
    await form.getByTestId('name').fill(user.name);
    await form.getByTestId('email').fill(user.email);
    await form.getByTestId('password').fill(user.password);
    await form.getByTestId('sign-up').click();
  }

  /** Opens the newest confirmation link mailed to `email` and confirms (which signs in). */
  async confirmMailedLink(email: string) {
    await this.page.goto(await linkMailedTo(email, '/verify-email'));
    await this.page.getByTestId('confirm-address').click();
    await expect(this.page).not.toHaveURL(/\/verify-email\//);
  }

  /**
   * Signs in; a person with an authenticator app (`totpSecret`: staff made by createAccount)
   * then answers the second-factor step with a fresh code, as the app would show it.
   */
  async signIn(user: { email: string; password: string; totpSecret?: string }, from = '/sign-in') {
    if (from) await this.page.goto(from);
    const form = this.page.getByTestId('sign-in-form');
    await form.getByTestId('email').fill(user.email);
    await form.getByTestId('password').fill(user.password);
    await form.getByTestId('sign-in').click();
    if (user.totpSecret) await this.secondFactor(user.totpSecret);
  }

  /** Waits for the second-factor step (unless the password was refused) and types a code. */
  async secondFactor(secret: string) {
    const step = this.page.getByTestId('second-factor-form');
    const refused = this.page.getByTestId('form-error');
    await expect(step.or(refused).first()).toBeVisible({ timeout: 20_000 });
    if (!(await step.isVisible())) return;
    await step.getByTestId('second-factor-code').fill(await totpCode(secret));
    await step.getByTestId('second-factor-submit').click();
    await expect(this.page).not.toHaveURL(/\/sign-in\/second-factor/, { timeout: 20_000 });
  }

  async expectError(text: string | RegExp) {
    await expect(this.page.getByTestId('form-error')).toContainText(text);
  }

  async signOut() {
    await this.page.getByTestId('sign-out').click();
    await expect(this.page).toHaveURL(/\/sign-in/);
  }
}

/** A unique person for each test, so runs never see each other's data. */
export function newPerson(label: string) {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return {
    name: `${label} ${id}`,
    email: `${label.toLowerCase()}-${id}@example.test`,
    password: `pw-${id}-long-enough`,
  };
}
