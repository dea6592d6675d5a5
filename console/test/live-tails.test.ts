import { randomUUID } from 'node:crypto';
// The staff live tails against the real log server (default cap: 128 connections per address,
// and the console is one address) and real MariaDB: a flood of tails never takes the
// connections customers' pages read through, tails of one user share one stream, and a tail
// ends once its staff member loses the role or the session.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDevice,
  createUser,
  endSession,
  grantStaffRole,
  listAuditEvents,
  markSecondFactor,
  revokeStaffRole,
  startSession,
} from '@tagtime/db';
import { createScratchDatabase, type ScratchDatabase } from '@tagtime/db/testing';
import { type ServerProcess, startServerProcess } from '@tagtime/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveTails, TailRefused } from '../src/lib/live-tails';
import { fetchHeads, LogServerError } from '../src/lib/log-server';
import { logServerBudgets } from '../src/lib/log-server-budget';
import { staffStillActing } from '../src/lib/staff';

const TOKEN = 'console-tails-test-service-token-0123456789';
const password = 'correct horse battery staple';
let database: ScratchDatabase;
let server: ServerProcess;
let dataDir: string;
let device: { id: string; token: string };
let customerId: string;
let n = 0;

/** Each staff member's console session, past its second factor (the admin API checks it). */
const staffSessions = new Map<string, string>();

async function person(staff?: 'support'): Promise<string> {
  n += 1;
  const db = database.handle.db;
  const user = await createUser(db, { email: `p${n}@example.test`, password, name: `P${n}` });
  if (staff) {
    await grantStaffRole(db, { userId: user.id, role: staff });
    const sessionId = await startSession(db, { userId: user.id, maxAgeSeconds: 3600 });
    await markSecondFactor(db, { sessionId, userId: user.id });
    staffSessions.set(user.id, sessionId);
  }
  return user.id;
}

async function append(t: number): Promise<void> {
  const response = await fetch(`${server.url}/v1/records`, {
    method: 'POST',
    headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      records: [{ device: device.id, t, kind: 'event', body: { name: 'x' } }],
    }),
  });
  expect(response.status).toBe(200);
}

/** Reads a tail's text as it comes; `until` waits for a pattern, `ended` for the close. */
function reader(body: ReadableStream<Uint8Array>) {
  const decoder = new TextDecoder();
  const stream = body.getReader();
  let text = '';
  let done = false;
  const pump = (async () => {
    for (;;) {
      const chunk = await stream.read().catch(() => ({ done: true, value: undefined }));
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
    done = true;
  })();
  return {
    text: () => text,
    ended: () => done,
    async until(pattern: RegExp | (() => boolean), ms = 10_000) {
      const test = typeof pattern === 'function' ? pattern : () => pattern.test(text);
      const deadline = Date.now() + ms;
      while (!test()) {
        if (Date.now() > deadline) throw new Error(`waited for ${pattern} in: ${text}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    pump,
  };
}

function follow(tails: LiveTails, staffUserId: string, userId: string, abort: AbortController) {
  return tails.follow({
    userId,
    read: {
      staffUserId,
      reason: 'ticket 9: sync stalls',
      sessionId: staffSessions.get(staffUserId) ?? 'ses_none',
      intentId: randomUUID(),
    },
    signal: abort.signal,
    stillAllowed: async () => true,
    auditJoin: async () => {},
  });
}

beforeAll(async () => {
  database = await createScratchDatabase({ prefix: 'tagtime_console_tails' });
  customerId = await person();
  const made = await createDevice(database.handle.db, {
    userId: customerId,
    name: 'Wrist',
    kind: 'watch',
  });
  device = { id: made.device.id, token: made.token };
  dataDir = mkdtempSync(join(tmpdir(), 'tagtime-console-tails-'));
  server = await startServerProcess({
    DATABASE_URL: database.url,
    ADMIN_TOKEN: TOKEN,
    DATA_DIR: dataDir,
  });
  process.env.LOG_SERVER_URL = server.url;
  process.env.ADMIN_TOKEN = TOKEN;
  process.env.DATABASE_URL = database.url;
  delete (globalThis as { tagtimeDb?: unknown }).tagtimeDb;
  await append(Date.now() - 60_000);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await database?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('live tails within the console’s budget', () => {
  it('140 tails of one support member: a few open over one stream, the rest refused', async () => {
    const tails = new LiveTails({ perStaff: 4, recheckMs: 5000 });
    const staffId = await person('support');
    const abort = new AbortController();
    const answers = await Promise.allSettled(
      Array.from({ length: 140 }, () => follow(tails, staffId, customerId, abort)),
    );
    const open = answers.filter((a) => a.status === 'fulfilled');
    const refused = answers.filter((a) => a.status === 'rejected');
    expect(open).toHaveLength(4);
    expect(refused.every((a) => a.reason instanceof TailRefused)).toBe(true);
    expect(tails.upstreams).toBe(1);
    // The customer's pages still read the log server.
    expect(await fetchHeads(customerId)).toEqual({ [device.id]: expect.any(Number) });
    abort.abort();
    await expect.poll(() => tails.upstreams).toBe(0);
  });

  it('tails of 40 users: streams stop at the budget, customers’ reads go on, all freed after', async () => {
    const tails = new LiveTails({ perStaff: 4, recheckMs: 5000 });
    const budget = logServerBudgets().streams;
    await expect.poll(() => budget.inUse).toBe(0);
    const staff: string[] = [];
    for (let i = 0; i < 10; i += 1) staff.push(await person('support'));
    const users: string[] = [];
    for (let i = 0; i < 40; i += 1) users.push(await person());
    const abort = new AbortController();
    const answers = await Promise.allSettled(
      users.map((userId, i) => follow(tails, staff[i % 10] as string, userId, abort)),
    );
    const problems = answers.flatMap((a) =>
      a.status === 'rejected'
        ? [a.reason instanceof LogServerError ? a.reason.problem : a.reason]
        : [],
    );
    expect(tails.upstreams).toBe(budget.limit);
    expect(problems).toEqual(Array(40 - budget.limit).fill('busy'));
    const reads = await Promise.all(Array.from({ length: 100 }, () => fetchHeads(customerId)));
    expect(reads.every((heads) => heads?.[device.id] !== undefined)).toBe(true);
    abort.abort();
    await expect.poll(() => budget.inUse).toBe(0);
  });

  it('two staff members on one user share a stream; each sees a new record', async () => {
    const tails = new LiveTails({ perStaff: 4, recheckMs: 5000 });
    const [a, b] = [await person('support'), await person('support')] as [string, string];
    const abort = new AbortController();
    const first = reader(await follow(tails, a, customerId, abort));
    const second = reader(await follow(tails, b, customerId, abort));
    expect(tails.upstreams).toBe(1);
    await first.until(new RegExp(`"device":"${device.id}"`));
    await second.until(new RegExp(`"device":"${device.id}"`));
    const t = Date.now();
    await append(t);
    await first.until(new RegExp(`"head":${t}`));
    await second.until(new RegExp(`"head":${t}`));
    abort.abort();
  });
});

describe('a tail ends with its staff member’s role or session', () => {
  async function tailAs(staffId: string, sessionId: string) {
    const tails = new LiveTails({ perStaff: 4, recheckMs: 200 });
    const body = await tails.follow({
      userId: customerId,
      read: {
        staffUserId: staffId,
        reason: 'ticket 11: watch offline',
        sessionId: staffSessions.get(staffId) ?? 'ses_none',
        intentId: randomUUID(),
      },
      signal: new AbortController().signal,
      stillAllowed: () => staffStillActing(staffId, sessionId, 'support'),
      auditJoin: async () => {},
    });
    return { tails, tail: reader(body) };
  }

  it('removing the role ends the tail: no event after it', async () => {
    const staffId = await person('support');
    const sessionId = await startSession(database.handle.db, {
      userId: staffId,
      maxAgeSeconds: 600,
    });
    const { tails, tail } = await tailAs(staffId, sessionId);
    const before = Date.now() + 1000;
    await append(before);
    await tail.until(new RegExp(`"head":${before}`));
    await revokeStaffRole(database.handle.db, { userId: staffId, role: 'support' });
    const after = before + 1000;
    await append(after);
    await tail.until(() => tail.ended());
    expect(tail.text()).not.toContain(`"head":${after}`);
    await expect.poll(() => tails.upstreams).toBe(0);
  });

  it('ending the session ends an idle tail within a recheck', async () => {
    const staffId = await person('support');
    const sessionId = await startSession(database.handle.db, {
      userId: staffId,
      maxAgeSeconds: 600,
    });
    const { tail } = await tailAs(staffId, sessionId);
    await tail.until(/retry: 1000/);
    await endSession(database.handle.db, sessionId);
    await tail.until(() => tail.ended(), 5000);
  });

  it('the opener’s read is audited by the log server', async () => {
    const events = await listAuditEvents(database.handle.db, { subjectUserId: customerId });
    expect(events.some((e) => e.action === 'logs.stream')).toBe(true);
  });
});
