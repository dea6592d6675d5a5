import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  invoiceTotals,
  monthlyBoundary,
  periodContaining,
  periodLine,
  planChangeLines,
  prorate,
  roundCents,
} from '../src/billing/money.js';

const utc = (iso: string) => new Date(`${iso}Z`);

describe('monthly periods', () => {
  it('clamps to month end and returns to the anchor day (leap year)', () => {
    const anchor = utc('2028-01-31T00:00:00');
    const boundaries = [0, 1, 2, 3].map((n) => monthlyBoundary(anchor, n, 'UTC').toISOString());
    expect(boundaries).toEqual([
      '2028-01-31T00:00:00.000Z',
      '2028-02-29T00:00:00.000Z',
      '2028-03-31T00:00:00.000Z',
      '2028-04-30T00:00:00.000Z',
    ]);
    expect(monthlyBoundary(utc('2027-01-31T00:00:00'), 1, 'UTC').toISOString()).toBe(
      '2027-02-28T00:00:00.000Z',
    );
  });

  it('keeps local midnight across a daylight-saving change', () => {
    // Midnight in Berlin is 23:00 UTC in winter and 22:00 UTC in summer.
    const anchor = utc('2026-03-14T23:00:00');
    expect(monthlyBoundary(anchor, 1, 'Europe/Berlin').toISOString()).toBe(
      '2026-04-14T22:00:00.000Z',
    );
  });

  it('finds the period containing a moment, boundaries inclusive at the start', () => {
    const anchor = utc('2026-01-15T00:00:00');
    const period = periodContaining(anchor, utc('2026-03-15T00:00:00'), 'UTC');
    expect(period.start.toISOString()).toBe('2026-03-15T00:00:00.000Z');
    expect(period.end.toISOString()).toBe('2026-04-15T00:00:00.000Z');
    const before = periodContaining(anchor, utc('2026-03-14T23:59:59'), 'UTC');
    expect(before.end.toISOString()).toBe('2026-03-15T00:00:00.000Z');
  });

  it('always contains the moment (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 5 * 365 * 86400_000 }),
        fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'),
        (anchor, offset, zone) => {
          const at = new Date(anchor.getTime() + offset);
          const { start, end } = periodContaining(anchor, at, zone);
          expect(start.getTime()).toBeLessThanOrEqual(at.getTime());
          expect(end.getTime()).toBeGreaterThan(at.getTime());
          expect(end.getTime() - start.getTime()).toBeGreaterThanOrEqual(27 * 86400_000);
          expect(end.getTime() - start.getTime()).toBeLessThanOrEqual(32 * 86400_000);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('proration and rounding', () => {
  const period = { start: utc('2026-04-01T00:00:00'), end: utc('2026-05-01T00:00:00') };

  it('charges the remaining share of the period', () => {
    expect(prorate(3000, period, utc('2026-04-16T00:00:00'))).toBe(1500);
    expect(prorate(3000, period, period.start)).toBe(3000);
    expect(prorate(3000, period, period.end)).toBe(0);
    expect(prorate(1000, period, utc('2026-04-21T00:00:00'))).toBe(333);
  });

  it('rounds half away from zero, credits like charges', () => {
    expect(roundCents(2.5)).toBe(3);
    expect(roundCents(-2.5)).toBe(-3);
    expect(roundCents(-0.4)).toBe(0);
  });

  it('turns a seat change into a credit and a charge that net to the difference', () => {
    const lines = planChangeLines(
      { name: 'Team', pricePerSeatCents: 800, seats: 3 },
      { name: 'Team', pricePerSeatCents: 800, seats: 5 },
      period,
      utc('2026-04-16T00:00:00'),
    );
    expect(lines.map((line) => line.amountCents)).toEqual([-1200, 2000]);
    expect(invoiceTotals(lines, 0).totalCents).toBe(800);
  });

  it('makes no lines when nothing changes', () => {
    const plan = { name: 'Personal', pricePerSeatCents: 400, seats: 1 };
    expect(planChangeLines(plan, plan, period, utc('2026-04-10T00:00:00'))).toEqual([]);
  });

  it('adds tax once on the subtotal and checks each line', () => {
    const line = periodLine({ name: 'Team', pricePerSeatCents: 799 }, 3);
    const lines = [line];
    expect(invoiceTotals(lines, 1900)).toEqual({
      subtotalCents: 2397,
      taxCents: 455,
      totalCents: 2852,
    });
    expect(() => invoiceTotals([{ ...line, amountCents: 1 }], 0)).toThrow(/quantity × unit/);
    expect(() => invoiceTotals(lines, 10_001)).toThrow(/basis points/);
    expect(() => prorate(10.5, period, period.start)).toThrow(/whole cents/);
  });
});
