import { request } from 'node:http';
import type { TestDevice } from '../test/helpers/fixtures.js';
import { makeRecords } from '../test/helpers/fixtures.js';
import type { ServerProcess } from '../test/helpers/process.js';
import { ServerInspector } from './inspector.js';
import { type BenchEnv, fmt, memoryKiB, percentile } from './setup.js';

/** Streams opened at once: the server's accept queue and the bench's sockets stay small. */
const WAVE = 200;
/** Client sockets are spread over this many loopback addresses (127.0.0.2, …): each address has
 * its own ~28,000 ephemeral ports, so 20,000 streams never run out. */
export const SOURCE_ADDRESSES = 8;

export interface PushLatency {
  streams: number;
  deliveries: number;
  /** From sending the append to the event on a stream, ms. */
  p50: number;
  p99: number;
  /** From the append's answer to the event, ms. */
  p50FromAck: number;
  p99FromAck: number;
}

export interface PushResult {
  /** With only the first user's streams open: the same-run baseline. */
  baseline: PushLatency;
  loaded: PushLatency;
  /** The server's own (anonymous) memory with half and with all the streams, KiB. */
  anonHalf: number;
  anonWith: number;
  /** What each stream of the second half added: resident memory and JS heap, KiB. */
  kibPerStream: number;
  heapKibPerStream: number;
}

interface Listener {
  /** Called with each `head` seen on this stream. */
  onHead: ((head: number) => void) | undefined;
}

interface User {
  sender: TestDevice;
  reader: TestDevice;
  listeners: Listener[];
}

/** Opens one SSE connection from `localAddress`; calls `listener.onHead` for each log event. */
function openStream(
  url: string,
  token: string,
  localAddress: string,
  listener: Listener,
): Promise<() => void> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/v1/stream`,
      { headers: { authorization: `Bearer ${token}` }, agent: false, localAddress },
      (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`stream answered ${res.statusCode}`));
          res.resume();
          return;
        }
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = /\ndata: (.*)/.exec(block)?.[1];
            if (data) listener.onHead?.((JSON.parse(data) as { head: number }).head);
            end = buffer.indexOf('\n\n');
          }
        });
        resolve(() => req.destroy());
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function openStreams(url: string, users: readonly User[], perUser: number, from: number) {
  const closers: Array<() => void> = [];
  let opened = from;
  const jobs: Array<() => Promise<void>> = [];
  for (const user of users) {
    for (let s = 0; s < perUser; s++) {
      const listener: Listener = { onHead: undefined };
      user.listeners.push(listener);
      const address = `127.0.0.${2 + (opened++ % SOURCE_ADDRESSES)}`;
      jobs.push(async () => {
        closers.push(await openStream(url, user.reader.token, address, listener));
      });
    }
  }
  for (let i = 0; i < jobs.length; i += WAVE) {
    await Promise.all(jobs.slice(i, i + WAVE).map((job) => job()));
  }
  return closers;
}

/**
 * Per sample, a user's sender appends one record; we time until the event reaches each of that
 * user's streams, from the moment the append was sent and from its answer.
 */
async function measure(
  url: string,
  users: readonly User[],
  samples: number,
  nextT: () => number,
): Promise<PushLatency> {
  const fromSend: number[] = [];
  const fromAck: number[] = [];
  for (let i = 0; i < samples; i++) {
    const user = users[i % users.length] as User;
    const head = nextT();
    const sentAt = performance.now();
    const arrivals = user.listeners.map(
      (listener) =>
        new Promise<number>((resolve) => {
          listener.onHead = (seen) => {
            if (seen === head) {
              listener.onHead = undefined;
              resolve(performance.now());
            }
          };
        }),
    );
    const res = await fetch(`${url}/v1/records`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${user.sender.token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ records: makeRecords(user.sender.deviceId, head, 1) }),
    });
    const ackAt = performance.now();
    if (res.status !== 200) throw new Error(`append answered ${res.status}`);
    await res.arrayBuffer();
    for (const at of await Promise.all(arrivals)) {
      // The first samples warm up the route (JIT), they are not counted.
      if (i >= Math.min(5, samples / 10)) {
        fromSend.push(at - sentAt);
        fromAck.push(Math.max(0, at - ackAt));
      }
    }
  }
  fromSend.sort((a, b) => a - b);
  fromAck.sort((a, b) => a - b);
  const streams = users.reduce((sum, user) => sum + user.listeners.length, 0);
  return {
    streams,
    deliveries: fromSend.length,
    p50: percentile(fromSend, 50),
    p99: percentile(fromSend, 99),
    p50FromAck: percentile(fromAck, 50),
    p99FromAck: percentile(fromAck, 99),
  };
}

function describe(latency: PushLatency): string {
  return `${fmt(latency.streams)} streams, ${fmt(latency.deliveries)} deliveries: append→event p50 ${fmt(latency.p50, 1)} ms, p99 ${fmt(latency.p99, 1)} ms (ack→event p50 ${fmt(latency.p50FromAck, 1)}, p99 ${fmt(latency.p99FromAck, 1)})`;
}

/**
 * Push latency and memory with `users × streamsPerUser` open streams, against the same latency
 * with one user's streams only (measured first, in the same server).
 */
export async function benchPush(
  env: BenchEnv,
  server: ServerProcess,
  userCount: number,
  streamsPerUser: number,
  samples: number,
): Promise<PushResult> {
  const users: User[] = [];
  // Users come with an Argon2 password hash each: a few at a time on the thread pool.
  for (let u = 0; u < userCount; u += 8) {
    const made = await Promise.all(
      Array.from({ length: Math.min(8, userCount - u) }, () => env.user(2)),
    );
    for (const [sender, reader] of made) {
      if (!sender || !reader) throw new Error('no bench devices');
      users.push({ sender, reader, listeners: [] });
    }
  }
  const pid = server.child.pid as number;
  const inspector = await ServerInspector.connect(server);
  let t = 1_700_100_000_000;
  const nextT = () => t++;
  const closers: Array<() => void> = [];
  // Memory is read after a full collection in the server, and per stream as what the second
  // half of the streams added: the first half has already grown the heap's young generation
  // and the process's allocator pools, which more streams do not grow again.
  const reading = async () => {
    await settle();
    const heap = (await inspector.memoryAfterGc()).heapUsed / 1024;
    return { ...(await memoryKiB(pid)), heap };
  };
  try {
    closers.push(...(await openStreams(server.url, users.slice(0, 1), streamsPerUser, 0)));
    const baseline = await measure(server.url, users.slice(0, 1), Math.max(20, samples / 4), nextT);
    console.log(`push baseline: ${describe(baseline)}`);

    const half = Math.max(1, Math.floor(users.length / 2));
    const started = performance.now();
    closers.push(
      ...(await openStreams(server.url, users.slice(1, half), streamsPerUser, streamsPerUser)),
    );
    const atHalf = await reading();
    closers.push(
      ...(await openStreams(server.url, users.slice(half), streamsPerUser, half * streamsPerUser)),
    );
    const openedIn = performance.now() - started;
    const atFull = await reading();
    const added = (users.length - half) * streamsPerUser;
    const kibPerStream = (atFull.anon - atHalf.anon) / added;
    const heapKibPerStream = (atFull.heap - atHalf.heap) / added;
    const loaded = await measure(server.url, users, samples, nextT);
    console.log(
      `push: opened ${fmt(loaded.streams - streamsPerUser)} more streams in ${fmt(openedIn / 1000, 1)} s over ${SOURCE_ADDRESSES} loopback addresses; ${describe(loaded)}; server memory after GC (RssAnon) ${fmt(atHalf.anon / 1024)} MiB at ${fmt(half * streamsPerUser)} streams → ${fmt(atFull.anon / 1024)} MiB at ${fmt(loaded.streams)}: ${fmt(kibPerStream, 1)} KiB per stream (JS heap ${fmt(heapKibPerStream, 1)} KiB of it)`,
    );
    return {
      baseline,
      loaded,
      anonHalf: atHalf.anon,
      anonWith: atFull.anon,
      kibPerStream,
      heapKibPerStream,
    };
  } finally {
    for (const close of closers) close();
    inspector.close();
  }
}

/** Lets the server finish what the last step started (and collect its young garbage). */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1000));
}
