/**
 * The plans TagTime sells, as typed data: the seed writes them to `plans`, and the device limit
 * falls back to the free plan when a user's tenants have no live subscription.
 */
export interface PlanDefinition {
  code: string;
  name: string;
  pricePerSeatCents: number;
  currency: string;
  maxDevices: number;
  /** null: unlimited history. */
  historyDays: number | null;
}

export const FREE_PLAN: PlanDefinition = {
  code: 'free',
  name: 'Free',
  pricePerSeatCents: 0,
  currency: 'EUR',
  maxDevices: 2,
  historyDays: 90,
};

export const PLAN_CATALOGUE: readonly PlanDefinition[] = [
  FREE_PLAN,
  {
    code: 'personal',
    name: 'Personal',
    pricePerSeatCents: 400,
    currency: 'EUR',
    maxDevices: 10,
    historyDays: null,
  },
  {
    code: 'team',
    name: 'Team',
    pricePerSeatCents: 800,
    currency: 'EUR',
    maxDevices: 10,
    historyDays: null,
  },
];
