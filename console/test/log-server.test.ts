// The console's log server client against the real server: a page says which problem it is —
// the server does not answer, or refuses the console's credential or the staff member — and
// a read carries the staff member and the reason into the audit trail.

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDevice,
  createUser,
  grantStaffRole,
  listAuditEvents,
  markSecondFactor,
  startSession,
} from '@tagtime/db';
import { createScratchDatabase, type ScratchDatabase } from '@tagtime/db/testing';
import { type ServerProcess, startServerProcess } from '@tagtime/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogServerError } from '../src/lib/log-server';
import { fetchFacets, fetchRecordPage } from '../src/lib/support-logs';

const TOKEN = 'console-test-service-token-0123456789';

let database: ScratchDatabase;
let server: ServerProcess;
let staffId: string;
let staffSession: string;
let userId: string;
let dataDir: string;

beforeAll(async () => {
  database = await createScratchDatabase({ prefix: 'tagtime_console_test', plans: true });
  const db = database.handle.db;
  const stamp = Date.now().toString(36);
  const password = 'correct horse battery staple';
  const staff = await createUser(db, { email: `s-${stamp}@example.test`, password, name: 'S' });
  await grantStaffRole(db, { userId: staff.id, role: 'support' });
  const user = await createUser(db, { email: `u-${stamp}@example.test`, password, name: 'U' });
  staffId = staff.id;
  staffSession = await startSession(db, { userId: staff.id, maxAgeSeconds: 3600 });
  await markSecondFactor(db, { sessionId: staffSession, userId: staff.id });
  userId = user.id;
  const { device, token } = await createDevice(db, { userId, name: 'Wrist', kind: 'watch' });
  dataDir = mkdtempSync(join(tmpdir(), 'tagtime-console-test-'));
  server = await startServerProcess({
    DATABASE_URL: database.url,
    ADMIN_TOKEN: TOKEN,
    DATA_DIR: `/tmp/tagtime-console-test-${stamp}`,
  });
  const t = Date.now() - 60_000;
  const response = await fetch(`${server.url}/v1/records`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      records: [{ device: device.id, t, kind: 'error', body: { message: 'BLE lost' } }],
    }),
  });
  expect(response.status).toBe(200);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await database?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function pointConsoleAt(url: string, token: string) {
  process.env.LOG_SERVER_URL = url;
  process.env.ADMIN_TOKEN = token;
}

async function problemOf(promise: Promise<unknown>): Promise<LogServerError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(LogServerError);
  return error as LogServerError;
}

describe('the support log client', () => {
  it('reads a page and the facets of one intent: one row in the audit trail, with the reason', async () => {
    pointConsoleAt(server.url, TOKEN);
    const read = {
      staffUserId: staffId,
      reason: 'ticket 7: lost pings',
      sessionId: staffSession,
      intentId: randomUUID(),
    };
    const page = await fetchRecordPage(read, userId, { q: 'kind:error' });
    expect(page.data.records.map((r) => r.kind)).toEqual(['error']);
    expect(page.serverMs).toBeGreaterThan(0);
    expect((await fetchFacets(read, userId, {})).data.kinds).toEqual({ error: 1 });
    const events = await listAuditEvents(database.handle.db, { subjectUserId: userId });
    expect(events.map((e) => [e.action, e.reason])).toEqual([
      ['logs.read', 'ticket 7: lost pings'],
    ]);
    // Another intent (a new query) is a row of its own.
    await fetchFacets({ ...read, intentId: randomUUID() }, userId, {});
    expect(await listAuditEvents(database.handle.db, { subjectUserId: userId })).toHaveLength(2);
  });

  it('says the server refuses the console’s credential when the tokens differ', async () => {
    pointConsoleAt(server.url, 'not-the-servers-token');
    const error = await problemOf(
      fetchRecordPage(
        { staffUserId: staffId, reason: 'x y z', sessionId: staffSession, intentId: randomUUID() },
        userId,
        {},
      ),
    );
    expect(error.problem).toBe('refused');
    expect(error.message).toContain("ADMIN_TOKEN is not the server's");
  });

  it('says the server refuses someone who is not staff, and finds a bad query wrong', async () => {
    pointConsoleAt(server.url, TOKEN);
    const notStaff = await problemOf(
      fetchRecordPage(
        { staffUserId: userId, reason: 'x y z', sessionId: staffSession, intentId: randomUUID() },
        userId,
        {},
      ),
    );
    expect(notStaff).toMatchObject({ problem: 'refused', status: 403 });
    const bad = await problemOf(
      fetchRecordPage(
        { staffUserId: staffId, reason: 'x y z', sessionId: staffSession, intentId: randomUUID() },
        userId,
        { q: 'kind:nope' },
      ),
    );
    expect(bad).toMatchObject({ problem: 'rejected', status: 400 });
    expect(bad.message).toContain('kind:nope is not a record kind');
  });

  it('says the server cannot be reached when nothing listens there', async () => {
    pointConsoleAt('http://127.0.0.1:9', TOKEN);
    const error = await problemOf(
      fetchRecordPage(
        { staffUserId: staffId, reason: 'x y z', sessionId: staffSession, intentId: randomUUID() },
        userId,
        {},
      ),
    );
    expect(error.problem).toBe('unreachable');
    expect(error.message).toContain('does not answer');
  });

  it('says the answer is wrong when something else answers 200 with another shape', async () => {
    // Not our server: an old version or another service on the configured address.
    const stranger = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ records: 'none', more: 'maybe' }));
    });
    await new Promise<void>((resolve) => stranger.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = stranger.address() as AddressInfo;
      pointConsoleAt(`http://127.0.0.1:${port}`, TOKEN);
      const error = await problemOf(
        fetchRecordPage(
          {
            staffUserId: staffId,
            reason: 'x y z',
            sessionId: staffSession,
            intentId: randomUUID(),
          },
          userId,
          {},
        ),
      );
      expect(error.problem).toBe('failed');
      expect(error.message).toContain('is not what the admin API promises');
    } finally {
      await new Promise((resolve) => stranger.close(resolve));
    }
  });
});
