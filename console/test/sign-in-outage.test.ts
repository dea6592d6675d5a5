// A sign-in while MariaDB is down: next-auth puts an authorize error's message into the URL it
// answers with, and the driver's message is the SQL (the column list with password_hash) and
// the typed address. MariaDB is reached through a TCP relay this test cuts, so the failure is
// the real driver's. authorize itself needs a request (next/headers): e2e `sign-in-outage`
// replays the whole sign-in against a running console; here the wrapper every sign-in read
// runs in is checked on the driver's real failure.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { createUser, markEmailVerified, verifyPassword } from '@tagtime/db';
import { createScratchDatabase, type ScratchDatabase } from '@tagtime/db/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { unlessUnavailable } from '../src/auth';
import { db } from '../src/lib/db';

let database: ScratchDatabase;
let relay: Server;
const sockets = new Set<Socket>();
const person = { email: 'outage@example.test', password: 'correct horse battery staple' };

/** A relay on a free port to MariaDB's; `cut()` ends every connection and stops listening. */
function startRelay(target: URL): Promise<number> {
  relay = createServer((client) => {
    const upstream = connect(Number(target.port || 3306), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  return new Promise((resolve) =>
    relay.listen(0, '127.0.0.1', () => resolve((relay.address() as { port: number }).port)),
  );
}

function cut(): Promise<void> {
  for (const socket of sockets) socket.destroy();
  return new Promise((resolve) => relay.close(() => resolve()));
}

beforeAll(async () => {
  database = await createScratchDatabase({ prefix: 'tagtime_console_outage' });
  const user = await createUser(database.handle.db, { ...person, name: 'Outage' });
  await markEmailVerified(database.handle.db, { userId: user.id, email: user.email });
  const port = await startRelay(new URL(database.url));
  const url = new URL(database.url);
  url.host = `127.0.0.1:${port}`;
  process.env.DATABASE_URL = url.toString();
  process.env.NEXTAUTH_SECRET = 'console-outage-test-secret-0123456789abcdef';
  delete process.env.REDIS_URL;
  delete (globalThis as { tagtimeDb?: unknown }).tagtimeDb;
}, 60_000);

afterAll(async () => {
  if (relay.listening) await cut();
  await database?.drop();
});

describe('sign-in during a MariaDB outage', () => {
  const signIn = (credentials: typeof person) =>
    unlessUnavailable('sign-in', () => verifyPassword(db(), credentials));

  it('signs in through the relay while MariaDB answers', async () => {
    expect(await signIn(person)).toMatchObject({ email: person.email });
  });

  it('answers the code `unavailable`: no SQL, no column, no typed address', async () => {
    await cut();
    // What the driver says, and what next-auth would have put in the URL.
    const raw = await verifyPassword(db(), person).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(String((raw as Error).message)).toMatch(/password_hash/);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const error = await signIn(person).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(Error);
    // next-auth answers `…/error?error=${encodeURIComponent(error.message)}`.
    expect((error as Error).message).toBe('unavailable');
    // The operator's log names the failure, without the query or the address either.
    const lines = logged.mock.calls.map((call) => call.join(' ')).join('\n');
    logged.mockRestore();
    expect(lines).toMatch(/sign-in failed: [A-Z_]+/);
    expect(lines).not.toMatch(/password_hash|select|@example\.test/i);
  });
});
