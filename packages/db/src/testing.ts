// Scratch databases for the tests of every workspace: a fresh, migrated MariaDB database with a
// random name on DATABASE_URL's server, dropped by `drop()`. Tests only; never for production.
import { randomBytes } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import mysql from 'mysql2/promise';
import { createDb, type Database, type DbHandle } from './client.js';
import { databaseName, databaseUrl, withDatabase } from './config.js';
import { FREE_PLAN, PLAN_CATALOGUE } from './plan-catalogue.js';
import { upsertPlans } from './queries/billing/plans.js';
import { invoices, subscriptions } from './schema/billing.js';
import { copyMigratedSchema } from './testing-template.js';

export interface ScratchDatabase {
  url: string;
  name: string;
  handle: DbHandle;
  drop(): Promise<void>;
}

async function serverQuery(url: string, sql: string): Promise<void> {
  const connection = await mysql.createConnection({ uri: withDatabase(url, '') });
  try {
    await connection.query(sql);
  } finally {
    await connection.end();
  }
}

/**
 * `<prefix>_<random>` on DATABASE_URL's server, or exactly the database of `url`, with the schema
 * the app's own migrator makes (copied from a template it migrated, `testing-template.ts`).
 * `plans` writes the plan catalogue; `freeMaxDevices` lifts the Free plan's device limit, for
 * tests whose users hold many devices.
 */
export async function createScratchDatabase(
  options: ({ prefix: string } | { url: string }) & { plans?: boolean; freeMaxDevices?: number },
): Promise<ScratchDatabase> {
  const url =
    'url' in options
      ? options.url
      : withDatabase(databaseUrl(), `${options.prefix}_${randomBytes(6).toString('hex')}`);
  const name = databaseName(url);
  await serverQuery(url, `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  await copyMigratedSchema(url);
  const handle = createDb(url);
  if (options.plans) await upsertPlans(handle.db, PLAN_CATALOGUE);
  if (options.freeMaxDevices !== undefined) {
    await upsertPlans(handle.db, [{ ...FREE_PLAN, maxDevices: options.freeMaxDevices }]);
  }
  return {
    url,
    name,
    handle,
    async drop() {
      await handle.close();
      await dropScratchDatabase(url);
    },
  };
}

/** Drops the database of `url`, if it exists (for a process other than the one that made it). */
export async function dropScratchDatabase(url: string): Promise<void> {
  await serverQuery(url, `DROP DATABASE IF EXISTS \`${databaseName(url)}\``);
}

/**
 * Moves an invoice's due date, as if time had passed (tests fake the clock this way, since the
 * app has no reason to change a due date).
 */
export async function setInvoiceDueAt(
  db: Database,
  input: { invoiceNumber: string; dueAt: Date },
): Promise<void> {
  const [result] = await db
    .update(invoices)
    .set({ dueAt: input.dueAt })
    .where(eq(invoices.number, input.invoiceNumber));
  if (result.affectedRows !== 1)
    throw new Error(`no invoice has the number ${input.invoiceNumber}`);
}

/**
 * Moves a tenant's live subscription so its period ended at `end` (a month long): the next
 * billing run renews it. For tests that cannot wait a month.
 */
export async function endSubscriptionPeriodAt(
  db: Database,
  input: { tenantId: string; end: Date },
): Promise<void> {
  const start = new Date(input.end.getTime() - 30 * 86400_000);
  const [result] = await db
    .update(subscriptions)
    .set({ currentPeriodStart: start, currentPeriodEnd: input.end, billingAnchorAt: start })
    .where(
      and(
        eq(subscriptions.tenantId, input.tenantId),
        inArray(subscriptions.status, ['trialing', 'active', 'past_due']),
      ),
    );
  if (result.affectedRows !== 1)
    throw new Error(`tenant ${input.tenantId} has no live subscription`);
}
