import 'server-only';
import {
  type BillingCustomer,
  findBillingCustomer,
  findBillingCustomerByStripeId,
  recordAuditEvent,
  saveBillingCustomer,
  setBillingCard,
  type TenantWithRole,
  tenantOwner,
  type User,
} from '@tagtime/db';
import { routes } from '@/config/routes';
import { db } from '../db';
import { publicOrigin } from '../mail';
import { stripe, stripeSettings } from './stripe-client';

/** The tenant's Stripe customer, made on first use (one per tenant, whatever the retries). */
export async function ensureCustomer(tenant: TenantWithRole, user: User): Promise<BillingCustomer> {
  const existing = await findBillingCustomer(db(), tenant.id);
  if (existing) return existing;
  const client = stripe();
  let testClock: string | undefined;
  if (stripeSettings()?.testClocks) {
    const clock = await client.testHelpers.testClocks.create(
      { frozen_time: Math.floor(Date.now() / 1000), name: tenant.id },
      { idempotencyKey: `clock-${tenant.id}` },
    );
    testClock = clock.id;
  }
  const customer = await client.customers.create(
    {
      email: user.email,
      name: tenant.name,
      metadata: { tenant_id: tenant.id },
      ...(testClock ? { test_clock: testClock } : {}),
    },
    { idempotencyKey: `customer-${tenant.id}` },
  );
  return saveBillingCustomer(db(), { tenantId: tenant.id, stripeCustomerId: customer.id });
}

/** A hosted Checkout page (setup mode) where the person types a card; answers its URL. */
export async function startCardSetup(tenant: TenantWithRole, user: User): Promise<string> {
  const customer = await ensureCustomer(tenant, user);
  const back = `${publicOrigin()}${routes.billing(tenant.id)}`;
  const session = await stripe().checkout.sessions.create({
    mode: 'setup',
    customer: customer.stripeCustomerId,
    currency: 'eur',
    success_url: `${back}?card_session={CHECKOUT_SESSION_ID}`,
    cancel_url: back,
    metadata: { tenant_id: tenant.id, user_id: user.id, role: tenant.role },
  });
  if (!session.url) throw new Error('Stripe answered a Checkout session without a URL.');
  return session.url;
}

/** The hosted customer portal: replace the card, see invoices and receipts. */
export async function portalUrl(tenant: TenantWithRole, user: User): Promise<string> {
  const customer = await ensureCustomer(tenant, user);
  const session = await stripe().billingPortal.sessions.create({
    customer: customer.stripeCustomerId,
    return_url: `${publicOrigin()}${routes.billing(tenant.id)}`,
  });
  return session.url;
}

export interface CardChange {
  tenantId: string;
  changed: boolean;
}

/**
 * Makes `paymentMethodId` the card that pays the customer's invoices, here and at Stripe, and
 * audits it when it is new. Safe to repeat (the webhook and the person's return both call it).
 */
export async function adoptCard(input: {
  stripeCustomerId: string;
  paymentMethodId: string;
  actor?: { userId: string; role: string };
  how: string;
  setDefault: boolean;
}): Promise<CardChange | undefined> {
  const customer = await findBillingCustomerByStripeId(db(), input.stripeCustomerId);
  if (!customer) return undefined;
  if (customer.paymentMethodId === input.paymentMethodId)
    return { tenantId: customer.tenantId, changed: false };
  const client = stripe();
  const method = await client.paymentMethods.retrieve(input.paymentMethodId);
  if (method.customer !== input.stripeCustomerId) return undefined;
  if (input.setDefault) {
    await client.customers.update(input.stripeCustomerId, {
      invoice_settings: { default_payment_method: input.paymentMethodId },
    });
  }
  const brand = method.card?.brand ?? 'card';
  const last4 = method.card?.last4 ?? '????';
  await setBillingCard(db(), {
    tenantId: customer.tenantId,
    paymentMethodId: method.id,
    brand,
    last4,
  });
  const actor = input.actor ?? (await ownerActor(customer.tenantId));
  if (actor) {
    await recordAuditEvent(db(), {
      actorUserId: actor.userId,
      actorRole: actor.role,
      action: customer.paymentMethodId ? 'billing.card_replaced' : 'billing.card_added',
      tenantId: customer.tenantId,
      reason: `${brand} •••• ${last4}, ${input.how}`,
    });
  }
  return { tenantId: customer.tenantId, changed: true };
}

/** Checkout's setup finished: its card becomes the tenant's (from the webhook or the return). */
export async function adoptCheckoutCard(sessionId: string, expectTenantId?: string) {
  const session = await stripe().checkout.sessions.retrieve(sessionId, {
    expand: ['setup_intent'],
  });
  if (session.mode !== 'setup' || session.status !== 'complete') return undefined;
  if (expectTenantId && session.metadata?.tenant_id !== expectTenantId) return undefined;
  const intent = session.setup_intent;
  const paymentMethod = typeof intent === 'object' && intent ? intent.payment_method : undefined;
  const customer = typeof session.customer === 'string' ? session.customer : session.customer?.id;
  if (typeof paymentMethod !== 'string' || !customer) return undefined;
  const userId = session.metadata?.user_id;
  return adoptCard({
    stripeCustomerId: customer,
    paymentMethodId: paymentMethod,
    ...(userId ? { actor: { userId, role: session.metadata?.role ?? 'member' } } : {}),
    how: 'added through Stripe Checkout',
    setDefault: true,
  });
}

async function ownerActor(tenantId: string) {
  const userId = await tenantOwner(db(), tenantId);
  return userId ? { userId, role: 'system' } : undefined;
}
