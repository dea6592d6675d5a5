// Issue 13, item 2: request timeouts were off for the sake of streams, so a body sent a byte
// every few seconds held its socket forever — on `/v1/pair`, with no credentials at all — and
// enough such sockets took every file descriptor. Slow-loris sockets against a real server
// process: each is answered 408 and closed; one address cannot hold more than its share; a
// stream (whose request is complete with its headers) stays open past the timeout.
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as schema from '@tagtime/db/schema';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ServerProcess, startServerProcess } from '../../src/testing/server-process.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { bearer, makeDevice, makeUser } from '../helpers/fixtures.js';
import { parseAnswer } from '../helpers/raw-http.js';
import { openSse } from '../helpers/sse.js';

const REQUEST_TIMEOUT_MS = 2000;
const PER_ADDRESS = 12;

let database: TestDatabase;
let server: ServerProcess;
let port: number;
let dataDir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'tagtime-slow-'));
  server = await startServerProcess({
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    MAX_CONNECTIONS_PER_ADDRESS: String(PER_ADDRESS),
    HEARTBEAT_MS: '300',
    RATE_LIMIT_PAIR_PER_IP: '1000',
  });
  port = Number(new URL(server.url).port);
}, 60_000);
afterAll(async () => {
  server?.child.kill('SIGTERM');
  await server?.exited;
  await database?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

interface Watched {
  socket: Socket;
  text: () => string;
  closed: Promise<number>;
}

/** A socket to the server from `localAddress`, recording what it receives and when it closes. */
function watchedSocket(localAddress = '127.0.0.1'): Promise<Watched> {
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = connect({ host: '127.0.0.1', port, localAddress }, () => {
      const opened = Date.now();
      const closed = new Promise<number>((done) =>
        socket.on('close', () => done(Date.now() - opened)),
      );
      resolve({ socket, text: () => text, closed });
    });
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
    });
    socket.on('error', () => {});
    socket.once('error', reject);
  });
}

/** Writes one byte every `everyMs` until the socket closes (the slow-loris drip). */
function drip(socket: Socket, everyMs: number, byte: string): void {
  const timer = setInterval(() => {
    if (socket.destroyed || !socket.writable) clearInterval(timer);
    else socket.write(byte);
  }, everyMs);
  socket.on('close', () => clearInterval(timer));
}

describe('slow requests are answered 408 and closed', () => {
  test('bodies dripped to /v1/pair without credentials, headers dripped anywhere', async () => {
    const devicesBefore = (await database.handle.db.select().from(schema.devices)).length;
    const sockets = await Promise.all(Array.from({ length: 8 }, () => watchedSocket()));
    sockets.forEach(({ socket }, i) => {
      if (i % 2 === 0) {
        socket.write(
          'POST /v1/pair HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n',
        );
      } else {
        socket.write('GET /v1/heads HTTP/1.1\r\nHost: x\r\n');
      }
      // Into the body a JSON brace, into the headers a letter of a header name that never ends.
      drip(socket, 400, i % 2 === 0 ? '{' : 'a');
    });
    // Bounded: each must be closed well before this, and never held open.
    const lifetimes = await Promise.race([
      Promise.all(sockets.map((s) => s.closed)),
      new Promise<never>((_, fail) =>
        setTimeout(() => fail(new Error('slow sockets still open after 15 s')), 15_000),
      ),
    ]);
    for (const [i, { text }] of sockets.entries()) {
      const answer = parseAnswer(text());
      expect(answer.status, text()).toBe(408);
      expect(JSON.parse(answer.body).error.code).toBe('request_timeout');
      expect(lifetimes[i]).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS / 2);
    }
    expect((await database.handle.db.select().from(schema.devices)).length).toBe(devicesBefore);
  }, 30_000);

  test('a stream stays open past the request timeout', async () => {
    const db = database.handle.db;
    const device = await makeDevice(db, await makeUser(db));
    const stream = await openSse(`${server.url}/v1/stream`, bearer(device.token));
    try {
      expect(stream.status).toBe(200);
      await new Promise((done) => setTimeout(done, REQUEST_TIMEOUT_MS * 2));
      const heartbeats = stream.comments.length;
      await stream.waitForComment();
      await expect
        .poll(() => stream.comments.length, { timeout: 5000 })
        .toBeGreaterThan(heartbeats);
    } finally {
      stream.close();
    }
  }, 30_000);
});

describe('one address holds at most its share of connections', () => {
  test(`connection ${PER_ADDRESS + 1} from one address is a 429; another address still gets in`, async () => {
    const held = await Promise.all(Array.from({ length: PER_ADDRESS }, () => watchedSocket()));
    try {
      const extra = await watchedSocket();
      extra.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      await extra.closed;
      const refused = parseAnswer(extra.text());
      expect(refused.status).toBe(429);
      expect(JSON.parse(refused.body).error).toEqual({
        code: 'too_many_connections',
        message: `At most ${PER_ADDRESS} open connections per address; close some and retry.`,
      });

      // Another client (another loopback address) is served meanwhile.
      const other = await watchedSocket('127.0.0.2');
      other.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      await other.closed;
      expect(parseAnswer(other.text()).status).toBe(200);
    } finally {
      for (const { socket } of held) socket.destroy();
    }
    // Freed slots are usable again.
    await expect
      .poll(async () => (await fetch(`${server.url}/healthz`)).status, { timeout: 5000 })
      .toBe(200);
  }, 30_000);
});
