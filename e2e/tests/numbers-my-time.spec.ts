import { readFile } from 'node:fs/promises';
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { createDevice } from '@tagtime/db';
import { dayOf, LogView } from '@tagtime/log';
import { AuthPages, newPerson } from '../pages/auth.js';
import { MyTimePage } from '../pages/my-time.js';
import { createAccount, testDb } from '../support/db.js';
import { SERVER_URL } from '../support/env.js';
import { expect, test } from '../support/test.js';

const DAY_S = 24 * 3600;

/** The fill of a tag's swatch in the chart legend. */
async function legendColor(page: Page, tag: string): Promise<string | null> {
  const item = page
    .getByTestId('chart-hours')
    .locator('.recharts-legend-item')
    .filter({ hasText: new RegExp(`^${tag}$`) });
  return item.locator('path').first().getAttribute('fill');
}

function shiftDay(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * A person with forty days of answers on a watch, one tag each: "work" and "eat" until two
 * weeks ago, then mostly "code" — so "code" leads the Days view while "work" leads Weeks and
 * Months — signed in at 1280 px on My time.
 */
async function personWithHistory(browser: Browser, request: APIRequestContext) {
  const person = newPerson('Numbers');
  const user = await createAccount(person);
  const { device, token } = await createDevice(testDb(), {
    userId: user.id,
    name: 'Left wrist',
    kind: 'watch',
  });
  const nowS = Math.floor(Date.now() / 1000);
  const pings = new LogView().schedule().pingsBetween(nowS - 40 * DAY_S, nowS - 60);
  const tagOf = (ping: number, i: number) =>
    nowS - ping < 14 * DAY_S ? (i % 5 === 0 ? 'read' : 'code') : i % 3 === 0 ? 'eat' : 'work';
  const records = pings.map((ping, i) => ({
    device: device.id,
    t: ping * 1000 + 500,
    kind: 'ping',
    body: { ping, tags: [tagOf(ping, i)] },
  }));
  const sent = await request.post(`${SERVER_URL}/v1/records`, {
    headers: { authorization: `Bearer ${token}` },
    data: { records },
  });
  expect(sent.status()).toBe(200);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await new AuthPages(page).signIn(person);
  await expect(page).not.toHaveURL(/sign-in/);
  const myTime = new MyTimePage(page);
  await myTime.open();
  return { page, context, myTime, today: dayOf(nowS, user.timeZone) };
}

test("My time says estimated hours, draws a 24 h line on the chart of days and keeps each tag's colour in Days, Weeks and Months", async ({
  browser,
  request,
}) => {
  const { page, context } = await personWithHistory(browser, request);
  const chart = page.getByTestId('chart-hours');
  await expect(chart.getByRole('heading')).toHaveText('Estimated hours, the last 14 days');
  await expect(chart.locator('.recharts-reference-line')).toHaveCount(1);
  await expect(chart.locator('svg text').filter({ hasText: /^24 h$/ })).toHaveCount(1);
  const codeInDays = await legendColor(page, 'code');
  const readInDays = await legendColor(page, 'read');
  await page.screenshot({ path: 'test-results/screens/numbers-my-time-1280.png', fullPage: true });
  await page.getByTestId('period-week').click();
  await expect(chart.getByRole('heading')).toHaveText('Estimated hours, the last 12 weeks');
  await expect(chart.locator('.recharts-reference-line')).toHaveCount(0);
  // The same colour for a tag whatever its rank in the view.
  expect(await legendColor(page, 'code')).toBe(codeInDays);
  expect(await legendColor(page, 'read')).toBe(readInDays);
  expect(await legendColor(page, 'work')).not.toBe(codeInDays);
  await page.getByTestId('period-month').click();
  await expect(chart.getByRole('heading')).toHaveText('Estimated hours, the last 12 months');
  expect(await legendColor(page, 'code')).toBe(codeInDays);
  await context.close();
});

test('My time refuses a wrong date range with a message, and its CSV holds what the chart shows', async ({
  browser,
  request,
}) => {
  const { page, context, myTime, today } = await personWithHistory(browser, request);
  const chart = page.getByTestId('chart-hours');
  const pick = async (from: string, to: string) => {
    await page.getByTestId('range-from').fill(from);
    await page.getByTestId('range-to').fill(to);
    await page.getByTestId('range-submit').click();
  };
  await pick(shiftDay(today, -3), shiftDay(today, -5));
  await expect(page.getByTestId('range-error')).toContainText('is before the start date');
  await expect(page.getByTestId('range-from')).toHaveAttribute('aria-invalid', 'true');
  await pick(shiftDay(today, -3), shiftDay(today, 2));
  await expect(page.getByTestId('range-error')).toContainText('is in the future');
  await pick(shiftDay(today, -200), today);
  await expect(page.getByTestId('range-error')).toContainText('at most 92 days');
  const from = shiftDay(today, -20);
  const to = shiftDay(today, -10);
  await pick(from, to);
  await expect(chart.getByRole('heading')).toHaveText(`Estimated hours, ${from} to ${to}`);
  await expect(page.getByTestId('range-error')).toHaveCount(0);

  // A row per day of the range, a column per series in the legend's order.
  const download = page.waitForEvent('download');
  await page.getByTestId('chart-csv').click();
  const csv = await readFile((await (await download).path()) as string, 'utf8');
  const lines = csv.trimEnd().split('\r\n');
  expect(lines).toHaveLength(1 + 11);
  const header = lines[0]?.split(',') ?? [];
  expect(header[0]).toBe('day');
  const legend = await chart.locator('.recharts-legend-item-text').allTextContents();
  expect(header.slice(1, -1)).toEqual(legend.map((tag) => `${tag} (estimated hours)`));
  expect(lines[1]?.split(',')[0]).toBe(from);
  // One tag per answer: a column's sum is the tag's hours in the table.
  for (const tag of ['code', 'work']) {
    const column = header.indexOf(`${tag} (estimated hours)`);
    const sum = lines.slice(1).reduce((total, line) => total + Number(line.split(',')[column]), 0);
    const table = Number(await myTime.tag(tag).getByTestId('tag-hours').textContent());
    expect(Math.abs(sum - table)).toBeLessThan(0.06);
  }
  // Without a session the CSV is refused as JSON; a wrong range is a 400 that says why.
  const anonymous = await request.get('/my-time/hours-csv?period=day');
  expect(anonymous.status()).toBe(401);
  expect((await anonymous.json()).error.code).toBeTruthy();
  const wrong = await page.request.get(`/my-time/hours-csv?period=day&from=${to}&to=${from}`);
  expect(wrong.status()).toBe(400);
  expect((await wrong.json()).error.message).toContain('is before the start date');
  await context.close();
});

test('on a phone the My time tag table stays a table', async ({ browser, request }) => {
  const { page, context } = await personWithHistory(browser, request);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/my-time?period=month');
  const table = page.getByTestId('tag-table');
  await expect(table.locator('thead')).toBeVisible();
  const rows = await table.locator('tbody tr').count();
  expect(rows).toBe(4);
  const height = (await table.boundingBox())?.height ?? Number.POSITIVE_INFINITY;
  expect(height).toBeLessThan(60 * (rows + 1));
  // The layout follows a resize a frame or more later.
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
    .toBeLessThanOrEqual(390);
  await page.screenshot({ path: 'test-results/screens/numbers-my-time-390.png', fullPage: true });
  await context.close();
});
