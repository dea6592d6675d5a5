import { expect, type Page } from '@playwright/test';

/** The sign-up and sign-in screens. */
export class AuthPages {
  constructor(private readonly page: Page) {}

  async signUp(user: { name: string; email: string; password: string }) {
    await this.page.goto('/sign-up');
    const form = this.page.getByTestId('sign-up-form');
    await form.getByTestId('name').fill(user.name);
    await form.getByTestId('email').fill(user.email);
    await form.getByTestId('password').fill(user.password);
    await form.getByTestId('sign-up').click();
  }

  async signIn(user: { email: string; password: string }) {
    await this.page.goto('/sign-in');
    const form = this.page.getByTestId('sign-in-form');
    await form.getByTestId('email').fill(user.email);
    await form.getByTestId('password').fill(user.password);
    await form.getByTestId('sign-in').click();
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
