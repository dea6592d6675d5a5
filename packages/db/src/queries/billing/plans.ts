import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../../client.js';
import { DbError } from '../../errors.js';
import type { PlanDefinition } from '../../plan-catalogue.js';
import { plans } from '../../schema/billing.js';

export type Plan = typeof plans.$inferSelect;

/** Writes the catalogue: inserts new plans and brings existing ones up to date. */
export async function upsertPlans(
  db: Executor,
  catalogue: readonly PlanDefinition[],
): Promise<void> {
  const now = new Date();
  for (const plan of catalogue) {
    const { code: _code, ...rest } = plan;
    await db
      .insert(plans)
      .values({ ...plan, createdAt: now, updatedAt: now })
      .onDuplicateKeyUpdate({ set: { ...rest, updatedAt: now } });
  }
}

/** Plans from the cheapest up. */
export async function listPlans(db: Executor): Promise<Plan[]> {
  return db.select().from(plans).orderBy(asc(plans.pricePerSeatCents), asc(plans.code));
}

export async function getPlan(db: Executor, code: string): Promise<Plan | undefined> {
  const [plan] = await db.select().from(plans).where(eq(plans.code, code));
  return plan;
}

/** The plan with `code`; DbError `invalid_input` when there is none. */
export async function requirePlan(db: Executor, code: string): Promise<Plan> {
  const plan = await getPlan(db, code);
  if (!plan) throw new DbError('invalid_input', `Invalid planCode: there is no plan "${code}".`);
  return plan;
}
