import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../client.js';
import { DbError, isDuplicateKeyError } from '../../errors.js';
import { newId, randomBase32 } from '../../ids.js';
import { type InvoiceStatus, invoiceLines, invoices, subscriptions } from '../../schema/billing.js';
import { tenants } from '../../schema/tenants.js';
import { parseInput } from '../../validation.js';
import { MANAGER_ROLES, requireTenantRole } from '../tenants.js';
import {
  assertInvoiceTotal,
  type InvoiceLine,
  type InvoiceLineInput,
  invoiceLineInput,
  linesOf,
} from './invoice-lines.js';

export type Invoice = typeof invoices.$inferSelect;
export type InvoiceWithLines = Invoice & { lines: InvoiceLine[] };

const createInvoiceInput = z.object({
  tenantId: z.string().min(1),
  subscriptionId: z.string().min(1).nullish(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'),
  lines: z.array(invoiceLineInput).max(500).default([]),
});

function invoiceNumber(at: Date): string {
  const month = at.toISOString().slice(0, 7).replace('-', '');
  return `INV-${month}-${randomBase32(5).toUpperCase()}`;
}

/** Locks the invoice row for a state change and checks it is in one of `states`. */
async function lockInvoice(
  tx: Executor,
  invoiceId: string,
  states: readonly InvoiceStatus[],
  doing: string,
): Promise<Invoice> {
  const [invoice] = await tx
    .select()
    .from(invoices)
    .where(eq(invoices.id, invoiceId))
    .for('update');
  if (!invoice) throw new DbError('not_found', `No invoice has the id ${invoiceId}.`);
  if (!states.includes(invoice.status)) {
    throw new DbError(
      'invoice_state',
      `Cannot ${doing} invoice ${invoice.number}: it is ${invoice.status}, not ${states.join(' or ')}.`,
    );
  }
  return invoice;
}

async function insertLines(
  tx: Executor,
  invoiceId: string,
  firstPosition: number,
  lines: ReadonlyArray<z.output<typeof invoiceLineInput>>,
): Promise<number> {
  let added = 0;
  for (const [index, line] of lines.entries()) {
    const amountCents = line.quantity * line.unitAmountCents;
    await tx.insert(invoiceLines).values({
      id: newId('inl'),
      invoiceId,
      position: firstPosition + index,
      ...line,
      amountCents,
    });
    added += amountCents;
  }
  return added;
}

/** A draft invoice with its lines; the total is their sum. Billing jobs and staff only. */
export async function createInvoice(
  db: Executor,
  input: z.input<typeof createInvoiceInput>,
  now = new Date(),
): Promise<InvoiceWithLines> {
  const parsed = parseInput(createInvoiceInput, input);
  return db.transaction(async (tx) => {
    const [tenant] = await tx
      .select({ id: tenants.id })
      .from(tenants)
      .where(eq(tenants.id, parsed.tenantId));
    if (!tenant) throw new DbError('not_found', `No tenant has the id ${parsed.tenantId}.`);
    if (parsed.subscriptionId) {
      const [subscription] = await tx
        .select({ tenantId: subscriptions.tenantId })
        .from(subscriptions)
        .where(eq(subscriptions.id, parsed.subscriptionId));
      if (subscription?.tenantId !== parsed.tenantId) {
        throw new DbError(
          'invalid_input',
          `Invalid subscriptionId: ${parsed.subscriptionId} is not a subscription of tenant ${parsed.tenantId}.`,
        );
      }
    }
    const id = newId('inv');
    for (let attempt = 1; ; attempt += 1) {
      try {
        await tx.insert(invoices).values({
          id,
          number: invoiceNumber(now),
          tenantId: parsed.tenantId,
          subscriptionId: parsed.subscriptionId ?? null,
          currency: parsed.currency,
          createdAt: now,
          updatedAt: now,
        });
        break;
      } catch (error) {
        if (!isDuplicateKeyError(error) || attempt >= 5) throw error;
      }
    }
    const total = await insertLines(tx, id, 1, parsed.lines);
    await tx.update(invoices).set({ totalCents: total }).where(eq(invoices.id, id));
    return requireInvoice(tx, id);
  });
}

/** Adds a line to a draft invoice and its amount to the total, together. */
export async function addInvoiceLine(
  db: Executor,
  input: { invoiceId: string } & InvoiceLineInput,
): Promise<InvoiceWithLines> {
  const { invoiceId, ...lineFields } = input;
  const line = parseInput(invoiceLineInput, lineFields);
  return db.transaction(async (tx) => {
    await lockInvoice(tx, invoiceId, ['draft'], 'add a line to');
    const [last] = await tx
      .select({ position: sql<number>`coalesce(max(${invoiceLines.position}), 0)`.mapWith(Number) })
      .from(invoiceLines)
      .where(eq(invoiceLines.invoiceId, invoiceId));
    const added = await insertLines(tx, invoiceId, (last?.position ?? 0) + 1, [line]);
    await tx
      .update(invoices)
      .set({ totalCents: sql`${invoices.totalCents} + ${added}`, updatedAt: new Date() })
      .where(eq(invoices.id, invoiceId));
    await assertInvoiceTotal(tx, invoiceId);
    return requireInvoice(tx, invoiceId);
  });
}

/** Issues a draft: it becomes open and payable, and its lines are frozen. */
export async function issueInvoice(
  db: Executor,
  input: { invoiceId: string; dueAt: Date; issuedAt?: Date },
): Promise<InvoiceWithLines> {
  return db.transaction(async (tx) => {
    const invoice = await lockInvoice(tx, input.invoiceId, ['draft'], 'issue');
    await assertInvoiceTotal(tx, invoice.id);
    if ((await linesOf(tx, invoice.id)).length === 0) {
      throw new DbError('invalid_input', `Invoice ${invoice.number} has no lines to issue.`);
    }
    const issuedAt = input.issuedAt ?? new Date();
    if (input.dueAt < issuedAt) {
      throw new DbError('invalid_input', 'Invalid dueAt: must not be before issuedAt.');
    }
    await tx
      .update(invoices)
      .set({ status: 'open', issuedAt, dueAt: input.dueAt, updatedAt: issuedAt })
      .where(eq(invoices.id, invoice.id));
    return requireInvoice(tx, invoice.id);
  });
}

/** Voids an open invoice that will not be paid. */
export async function voidInvoice(
  db: Executor,
  input: { invoiceId: string; at?: Date },
): Promise<InvoiceWithLines> {
  return db.transaction(async (tx) => {
    const invoice = await lockInvoice(tx, input.invoiceId, ['open'], 'void');
    const at = input.at ?? new Date();
    await tx
      .update(invoices)
      .set({ status: 'void', voidedAt: at, updatedAt: at })
      .where(eq(invoices.id, invoice.id));
    return requireInvoice(tx, invoice.id);
  });
}

/** The invoice with its lines, unscoped (billing jobs, staff); `not_found` when missing. */
export async function requireInvoice(db: Executor, invoiceId: string): Promise<InvoiceWithLines> {
  const [invoice] = await db.select().from(invoices).where(eq(invoices.id, invoiceId));
  if (!invoice) throw new DbError('not_found', `No invoice has the id ${invoiceId}.`);
  return { ...invoice, lines: await linesOf(db, invoiceId) };
}

/** An invoice with its lines, for an owner or admin of its tenant. */
export async function getInvoice(
  db: Executor,
  input: { userId: string; invoiceId: string },
): Promise<InvoiceWithLines> {
  const invoice = await requireInvoice(db, input.invoiceId);
  await requireTenantRole(db, {
    tenantId: invoice.tenantId,
    userId: input.userId,
    roles: MANAGER_ROLES,
  });
  return invoice;
}

/** A tenant's invoices, newest first, for its owners and admins. Drafts are left out. */
export async function listInvoices(
  db: Executor,
  input: { userId: string; tenantId: string },
): Promise<Invoice[]> {
  await requireTenantRole(db, { ...input, roles: MANAGER_ROLES });
  return db
    .select()
    .from(invoices)
    .where(and(eq(invoices.tenantId, input.tenantId), sql`${invoices.status} <> 'draft'`))
    .orderBy(desc(invoices.issuedAt), desc(invoices.id));
}
