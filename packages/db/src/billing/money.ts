/**
 * Money and billing-period math, in one place. Amounts are integer cents; periods are monthly,
 * anchored on the day of month the subscription started, in the tenant's time zone (a period
 * that starts on the 31st ends on the last day of a shorter month, then returns to the 31st).
 */
import { TZDate } from '@date-fns/tz';
import { addMonths } from 'date-fns';

export interface Period {
  start: Date;
  end: Date;
}

function assertCents(name: string, value: number): void {
  if (!Number.isSafeInteger(value))
    throw new RangeError(`${name} must be whole cents (got ${value})`);
}

/**
 * The `n`-th monthly boundary after `anchor` (n may be 0 or negative), computed on the wall clock
 * of `timeZone`: the same local time of day on the anchor's day of month, clamped to month end.
 */
export function monthlyBoundary(anchor: Date, n: number, timeZone: string): Date {
  const local = new TZDate(anchor.getTime(), timeZone);
  return new Date(addMonths(local, n).getTime());
}

/** The monthly period anchored at `anchor` that contains `at`. */
export function periodContaining(anchor: Date, at: Date, timeZone: string): Period {
  // Start from an estimate by elapsed months, then correct by at most a step either way.
  let n = Math.floor((at.getTime() - anchor.getTime()) / (30.436875 * 86400_000));
  while (monthlyBoundary(anchor, n, timeZone) > at) n -= 1;
  while (monthlyBoundary(anchor, n + 1, timeZone) <= at) n += 1;
  return {
    start: monthlyBoundary(anchor, n, timeZone),
    end: monthlyBoundary(anchor, n + 1, timeZone),
  };
}

/**
 * Rounds a non-negative or negative amount of (fractional) cents half away from zero, so a
 * credit and the matching charge round to the same magnitude.
 */
export function roundCents(value: number): number {
  const rounded = Math.sign(value) * Math.round(Math.abs(value));
  return rounded === 0 ? 0 : rounded;
}

/** The share of `amountCents` for the part of `period` from `at` to its end, by elapsed time. */
export function prorate(amountCents: number, period: Period, at: Date): number {
  assertCents('amountCents', amountCents);
  const length = period.end.getTime() - period.start.getTime();
  if (length <= 0) throw new RangeError('a period must end after it starts');
  const remaining = Math.min(length, Math.max(0, period.end.getTime() - at.getTime()));
  return roundCents((amountCents * remaining) / length);
}

export interface Line {
  description: string;
  quantity: number;
  unitAmountCents: number;
  amountCents: number;
}

/**
 * Lines for changing a plan or seat count at `at` within `period`: a credit for the unused rest
 * of the old price and a charge for the rest of the new one. No lines when nothing changes.
 */
export function planChangeLines(
  from: { name: string; pricePerSeatCents: number; seats: number },
  to: { name: string; pricePerSeatCents: number; seats: number },
  period: Period,
  at: Date,
): Line[] {
  if (from.pricePerSeatCents === to.pricePerSeatCents && from.seats === to.seats) return [];
  const credit = prorate(from.pricePerSeatCents * from.seats, period, at);
  const charge = prorate(to.pricePerSeatCents * to.seats, period, at);
  const lines: Line[] = [];
  if (credit > 0) {
    lines.push({
      description: `Unused time on ${from.name} × ${from.seats}`,
      quantity: 1,
      unitAmountCents: -credit,
      amountCents: -credit,
    });
  }
  if (charge > 0) {
    lines.push({
      description: `Remaining time on ${to.name} × ${to.seats}`,
      quantity: 1,
      unitAmountCents: charge,
      amountCents: charge,
    });
  }
  return lines;
}

/** A period's regular charge: seats × price per seat. */
export function periodLine(plan: { name: string; pricePerSeatCents: number }, seats: number): Line {
  assertCents('pricePerSeatCents', plan.pricePerSeatCents);
  return {
    description: `${plan.name} × ${seats} seat${seats === 1 ? '' : 's'}`,
    quantity: seats,
    unitAmountCents: plan.pricePerSeatCents,
    amountCents: plan.pricePerSeatCents * seats,
  };
}

/**
 * Subtotal, tax and total of invoice lines; `taxRateBasisPoints` is the tenant's rate in
 * hundredths of a percent (1900 = 19%). Tax is rounded once, on the subtotal.
 */
export function invoiceTotals(lines: readonly Line[], taxRateBasisPoints: number) {
  if (
    !Number.isInteger(taxRateBasisPoints) ||
    taxRateBasisPoints < 0 ||
    taxRateBasisPoints > 10_000
  ) {
    throw new RangeError(`tax rate must be 0–10000 basis points (got ${taxRateBasisPoints})`);
  }
  let subtotalCents = 0;
  for (const line of lines) {
    assertCents('amountCents', line.amountCents);
    if (line.amountCents !== line.quantity * line.unitAmountCents) {
      throw new RangeError(`line "${line.description}" does not equal quantity × unit amount`);
    }
    subtotalCents += line.amountCents;
  }
  const taxCents = Math.max(0, roundCents((subtotalCents * taxRateBasisPoints) / 10_000));
  return { subtotalCents, taxCents, totalCents: subtotalCents + taxCents };
}

/** "€12.34" in the given currency, for display. */
export function formatMoney(cents: number, currency: string, locale = 'en-GB'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100);
}

/**
 * Cents from an amount as people type it in major units ("4", "4.5", "4.50", "4,50"); undefined
 * when it is not one. Forms take money in the unit they show it in, never in cents.
 */
export function centsFromAmount(text: string): number | undefined {
  const match = /^\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** "4.00": cents as an amount in major units, for a form field's value. */
export function amountFromCents(cents: number): string {
  assertCents('cents', cents);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
