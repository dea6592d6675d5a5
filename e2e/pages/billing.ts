import { expect, type Page } from '@playwright/test';
import { findBillingCustomer } from '@tagtime/db';
import Stripe from 'stripe';
import { testDb } from '../support/db.js';
import { CONSOLE_URL, STRIPE_PORT, STRIPE_SECRET_KEY } from '../support/env.js';

/** The billing screen of a tenant, and Stripe's hosted pages (the stand-in's) it sends people to. */
export class BillingPage {
  constructor(private readonly page: Page) {}

  /** Types a card on a hosted page (Checkout or the portal) and sends it. */
  async typeCard(number: string) {
    await this.page.getByTestId('card-number').fill(number);
    await this.page.getByTestId('card-expiry').fill('12 / 34');
    await this.page.getByTestId('card-cvc').fill('123');
    await this.page.getByTestId('card-submit').click();
  }

  /** Back on the console's billing page from a hosted page. */
  async expectBack(tenantId: string) {
    await expect(this.page).toHaveURL(new RegExp(`^${CONSOLE_URL}/tenants/${tenantId}/billing`));
  }

  /** Chooses a plan and waits for the confirmation with its price. */
  async choose(planCode: string, seats?: number) {
    if (seats !== undefined) await this.page.getByTestId('seats').fill(String(seats));
    await this.page.getByTestId(`choose-plan-${planCode}`).click();
    await expect(this.page.getByRole('dialog')).toBeVisible();
    return this.page.getByRole('dialog');
  }

  /** Replaces the card in the customer portal (opened from `button`), staying there. */
  async replaceCardInPortal(number: string, button = 'card-portal') {
    await this.page.getByTestId(button).first().click();
    await expect(this.page.getByTestId('portal-card')).toBeVisible();
    await this.typeCard(number);
    await expect(this.page.getByTestId('portal-ok')).toBeVisible();
    await expect(this.page.getByTestId('portal-card')).toContainText(number.slice(-4));
  }
}

/** The official library, pointed at the run's stand-in: for what a test does as Stripe would. */
export function stripeForTests(): Stripe {
  return new Stripe(STRIPE_SECRET_KEY, { host: '127.0.0.1', port: STRIPE_PORT, protocol: 'http' });
}

/** Moves the tenant's Stripe test clock forward by `seconds` and waits until it is ready. */
export async function advanceTestClock(tenantId: string, seconds: number) {
  const stripe = stripeForTests();
  const customer = await findBillingCustomer(testDb(), tenantId);
  if (!customer) throw new Error(`tenant ${tenantId} has no Stripe customer`);
  const { test_clock: clockId } = (await stripe.customers.retrieve(
    customer.stripeCustomerId,
  )) as Stripe.Customer;
  const clockRef = typeof clockId === 'string' ? clockId : clockId?.id;
  if (!clockRef) throw new Error('the customer has no test clock');
  const clock = await stripe.testHelpers.testClocks.retrieve(clockRef);
  await stripe.testHelpers.testClocks.advance(clockRef, {
    frozen_time: clock.frozen_time + seconds,
  });
  await expect
    .poll(async () => (await stripe.testHelpers.testClocks.retrieve(clockRef)).status)
    .toBe('ready');
}
