// With 7+ addresses an attacker could hold the server's whole connection cap: a stranger's
// socket lived 10 s sending nothing (the header timeout), 30 s dripping a pairing body (the
// request timeout) and 65 s idle after an answer (keep-alive), so cycles of fresh sockets kept
// every slot taken. A socket that carried no authenticated request now gets
// UNAUTHENTICATED_TIMEOUT_MS, and a stranger's answered request closes its socket. Sockets of
// devices keep the usual timeouts. Bounds here are several times the deadline, and far below
// the old timeouts, so a loaded machine does not make them flaky.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestApp, type TestServer } from '../helpers/app.js';
import { makeDevice, makeUser, type TestDevice } from '../helpers/fixtures.js';
import { parseAnswer } from '../helpers/raw-http.js';

const DEADLINE_MS = 1000;
/** Far below the old 10 s / 30 s / 65 s; several times the deadline. */
const CLOSED_WITHIN_MS = 6000;

let server: TestServer;
let port: number;
let device: TestDevice;

beforeAll(async () => {
  server = await startTestApp({
    unauthenticatedTimeoutMs: DEADLINE_MS,
    requestTimeoutMs: 30_000,
    rateLimit: { pairPerIp: 1000 },
  });
  const url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  port = Number(new URL(url).port);
  const db = server.database.handle.db;
  device = await makeDevice(db, await makeUser(db));
});
afterAll(async () => {
  await server?.close();
});

interface Watched {
  socket: Socket;
  text: () => string;
  /** Milliseconds from open to close; rejects if the socket is still open after `ms`. */
  closedWithin: (ms: number) => Promise<number>;
}

function watchedSocket(): Promise<Watched> {
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = connect({ host: '127.0.0.1', port }, () => {
      const opened = Date.now();
      const closed = new Promise<number>((done) =>
        socket.on('close', () => done(Date.now() - opened)),
      );
      const closedWithin = (ms: number) =>
        Promise.race([
          closed,
          new Promise<never>((_, fail) =>
            setTimeout(() => fail(new Error(`socket still open after ${ms} ms`)), ms),
          ),
        ]);
      resolve({ socket, text: () => text, closedWithin });
    });
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
    });
    socket.on('error', () => {});
    socket.once('error', reject);
  });
}

function expect408(text: string): void {
  const answer = parseAnswer(text);
  expect(answer.status, text).toBe(408);
  expect(JSON.parse(answer.body).error.code).toBe('request_timeout');
}

describe('a stranger holds a socket for the deadline, not for the server timeouts', () => {
  test('a socket that sends nothing is answered 408 and closed', async () => {
    const idle = await watchedSocket();
    try {
      await idle.closedWithin(CLOSED_WITHIN_MS);
      expect408(idle.text());
    } finally {
      idle.socket.destroy();
    }
  }, 20_000);

  test('a pairing body dripped byte by byte is cut off at the deadline', async () => {
    const slow = await watchedSocket();
    slow.socket.write(
      'POST /v1/pair HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{',
    );
    const timer = setInterval(() => slow.socket.writable && slow.socket.write(' '), 200);
    try {
      await slow.closedWithin(CLOSED_WITHIN_MS);
      expect408(slow.text());
    } finally {
      clearInterval(timer);
      slow.socket.destroy();
    }
  }, 20_000);

  test("a stranger's answered request closes its socket (no keep-alive)", async () => {
    const probe = await watchedSocket();
    try {
      probe.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      await probe.closedWithin(CLOSED_WITHIN_MS);
      const answer = parseAnswer(probe.text());
      expect(answer.status).toBe(200);
      expect(answer.headers.connection).toBe('close');
    } finally {
      probe.socket.destroy();
    }
  }, 20_000);
});

describe('authenticated sockets keep the usual timeouts', () => {
  test("a device's keep-alive socket outlives the deadline and serves a second request", async () => {
    const held = await watchedSocket();
    const heads = `GET /v1/heads HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${device.token}\r\n\r\n`;
    try {
      held.socket.write(heads);
      await expect.poll(() => held.text().includes('"heads"'), { timeout: 5000 }).toBe(true);
      expect(parseAnswer(held.text()).headers.connection).not.toBe('close');
      await new Promise((done) => setTimeout(done, DEADLINE_MS * 3));
      expect(held.socket.destroyed).toBe(false);
      const first = held.text().length;
      held.socket.write(heads);
      await expect.poll(() => held.text().length > first, { timeout: 5000 }).toBe(true);
      expect(parseAnswer(held.text().slice(first)).status).toBe(200);
    } finally {
      held.socket.destroy();
    }
  }, 20_000);
});
