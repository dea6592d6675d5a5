// Staff live tails against the real console and log server. The log server caps the
// connections of one address at 128 and the console is one address: a support member opening
// 140 tails must not leave customers' pages without the log server. And a tail must end once
// its staff member's role is removed.
import type { Page } from '@playwright/test';
import { createDevice, revokeStaffRole } from '@tagtime/db';
import { AuthPages, newPerson } from '../pages/auth.js';
import { StaffPages } from '../pages/staff.js';
import { createAccount, testDb } from '../support/db.js';
import { CONSOLE_URL, SERVER_URL } from '../support/env.js';
import { expect, test } from '../support/test.js';

interface Device {
  id: string;
  token: string;
}

async function append(device: Device, t: number) {
  const response = await fetch(`${SERVER_URL}/v1/records`, {
    method: 'POST',
    headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      records: [{ device: device.id, t, kind: 'event', body: { name: 'sync-finished' } }],
    }),
  });
  expect(response.status).toBe(200);
}

/** A staff member signed in, with the reason given for the user: their cookies, for scripts. */
async function staffCookie(page: Page, staff: { email: string; password: string }, userId: string) {
  await new AuthPages(page).signIn(staff);
  await expect(page).not.toHaveURL(/sign-in/);
  await page.goto(`/staff/users/${userId}`);
  await new StaffPages(page).giveReason('ticket 20: the watch stopped syncing');
  // All of them: the reason's cookie is scoped to the user's staff pages, not to /.
  const cookies = await page.context().cookies();
  return cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
}

/** Opens a tail as a script would, past the browser's six connections per host. */
async function openTail(userId: string, cookie: string, signal: AbortSignal) {
  return fetch(`${CONSOLE_URL}/staff/users/${userId}/api/stream`, {
    headers: { cookie, accept: 'text/event-stream' },
    signal,
  });
}

async function customerWithRecord() {
  const customer = newPerson('Tailed');
  const user = await createAccount(customer);
  const { device, token } = await createDevice(testDb(), {
    userId: user.id,
    name: 'Wrist',
    kind: 'watch',
  });
  await append({ id: device.id, token }, Date.now() - 60_000);
  return { customer, user, device: { id: device.id, token } };
}

test('140 live tails of one support member leave customers’ pages their log server', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { customer, user } = await customerWithRecord();
  const support = newPerson('Tailer');
  await createAccount(support, 'support');
  const staffPage = await (await browser.newContext()).newPage();
  const cookie = await staffCookie(staffPage, support, user.id);

  const abort = new AbortController();
  try {
    // The answers are kept until the end: an answer dropped unread may be collected, and its
    // connection (the tail) closed with it.
    const answers = await Promise.all(
      Array.from({ length: 140 }, () =>
        openTail(user.id, cookie, abort.signal).catch(() => undefined),
      ),
    );
    const tails = answers.map((answer) => answer?.status ?? 0);
    // In the log browser the member is told, and the tail shows as over, not as following.
    await staffPage.goto(`/staff/users/${user.id}/logs`);
    await staffPage.getByTestId('live-start').click();
    await expect(staffPage.getByTestId('live-problem')).toContainText('too many are open', {
      timeout: 15_000,
    });
    await expect(staffPage.getByTestId('live-start')).toBeVisible();
    await expect(staffPage.getByTestId('live-state')).toHaveCount(0);
    // The customer's Devices page still shows the device's last record (read from the server).
    const page = await (await browser.newContext()).newPage();
    await new AuthPages(page).signIn(customer);
    await expect(page).not.toHaveURL(/sign-in/);
    await page.goto('/devices');
    await expect(page.getByTestId('log-server-unreachable')).toHaveCount(0);
    await expect(page.getByTestId('device-head')).toHaveCount(1);
    // And staff reads of the log server go on too.
    const records = await fetch(`${CONSOLE_URL}/staff/users/${user.id}/api/records`, {
      headers: { cookie },
    });
    expect(records.status).toBe(200);
    expect(((await records.json()) as { records: unknown[] }).records.length).toBe(1);
    const open = tails.filter((status) => status === 200).length;
    // A few open; the rest are refused by the console, not by a log server out of connections.
    expect(open).toBeGreaterThan(0);
    expect(open).toBeLessThanOrEqual(8);
    expect(tails.filter((status) => status === 429)).toHaveLength(140 - open);
    expect(answers.length).toBe(140);
  } finally {
    abort.abort();
  }
});

test('removing a staff role ends the member’s open live tail: no event after it', async ({
  browser,
}) => {
  const { user, device } = await customerWithRecord();
  const support = newPerson('Demoted');
  const staffUser = await createAccount(support, 'support');
  const page = await (await browser.newContext()).newPage();
  const cookie = await staffCookie(page, support, user.id);

  const abort = new AbortController();
  try {
    const response = await openTail(user.id, cookie, abort.signal);
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    let ended = false;
    void (async () => {
      for (;;) {
        const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
        if (chunk.done) break;
        text += decoder.decode(chunk.value, { stream: true });
      }
      ended = true;
    })();

    const before = Date.now();
    await append(device, before);
    await expect.poll(() => text, { timeout: 15_000 }).toContain(`"head":${before}`);

    await revokeStaffRole(testDb(), { userId: staffUser.id, role: 'support' });
    const after = before + 1000;
    await append(device, after);
    await expect.poll(() => ended, { timeout: 15_000 }).toBe(true);
    expect(text).not.toContain(`"head":${after}`);
    // The reconnect is refused: the staff area does not exist for them any more.
    const again = await openTail(user.id, cookie, abort.signal);
    expect(again.status).toBe(404);
  } finally {
    abort.abort();
  }
});
