import { request } from 'node:http';
import { makeRecords } from '../test/helpers/fixtures.js';
import type { ServerProcess } from '../test/helpers/process.js';
import { type BenchEnv, fmt, percentile, rssMiB } from './setup.js';

export interface PushResult {
  streams: number;
  samples: number;
  p50: number;
  p99: number;
  p50FromAck: number;
  p99FromAck: number;
  rssBefore: number;
  rssWith: number;
}

interface Listener {
  userIndex: number;
  /** Called with each `head` seen on this stream. */
  onHead: ((head: number) => void) | undefined;
}

/** Opens one SSE connection and calls `listener.onHead` for every log event on it. */
function openStream(url: string, token: string, listener: Listener): Promise<() => void> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/v1/stream`,
      { headers: { authorization: `Bearer ${token}` }, agent: false },
      (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`stream answered ${res.statusCode}`));
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

/**
 * Push latency with `streamCount` open streams (users × streams each): per sample, a device
 * appends one record and we time until the event reaches every other stream of that user,
 * from the moment the append was sent and from the moment it was acknowledged.
 */
export async function benchPush(
  env: BenchEnv,
  server: ServerProcess,
  users: number,
  streamsPerUser: number,
  samples: number,
): Promise<PushResult> {
  const senders = [];
  const readers = [];
  for (let u = 0; u < users; u++) {
    const [sender, reader] = await env.user(2);
    if (!sender || !reader) throw new Error('no bench devices');
    senders.push(sender);
    readers.push(reader);
  }
  const pid = server.child.pid as number;
  const rssBefore = await rssMiB(pid);
  const listeners: Listener[] = [];
  const closers: Array<() => void> = [];
  // Open in waves, so the accept queue never overflows.
  for (let u = 0; u < users; u++) {
    const wave: Promise<() => void>[] = [];
    for (let s = 0; s < streamsPerUser; s++) {
      const listener: Listener = { userIndex: u, onHead: undefined };
      listeners.push(listener);
      wave.push(openStream(server.url, (readers[u] as { token: string }).token, listener));
    }
    closers.push(...(await Promise.all(wave)));
  }
  const streams = listeners.length;
  await new Promise((resolve) => setTimeout(resolve, 500));
  const rssWith = await rssMiB(pid);

  const fromSend: number[] = [];
  const fromAck: number[] = [];
  let t = 1_800_000_000_000;
  for (let i = 0; i < samples; i++) {
    const u = i % users;
    const sender = senders[u] as { deviceId: string; token: string };
    const mine = listeners.filter((listener) => listener.userIndex === u);
    const head = t;
    t += 1;
    let ackAt = 0;
    const sentAt = performance.now();
    const arrivals = mine.map(
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
    const res = await fetch(`${server.url}/v1/records`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sender.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ records: makeRecords(sender.deviceId, head, 1) }),
    });
    ackAt = performance.now();
    if (res.status !== 200) throw new Error(`append answered ${res.status}`);
    await res.arrayBuffer();
    for (const at of await Promise.all(arrivals)) {
      if (i >= 5) {
        fromSend.push(at - sentAt);
        fromAck.push(Math.max(0, at - ackAt));
      }
    }
  }
  for (const close of closers) close();
  fromSend.sort((a, b) => a - b);
  fromAck.sort((a, b) => a - b);
  const result: PushResult = {
    streams,
    samples: fromSend.length,
    p50: percentile(fromSend, 50),
    p99: percentile(fromSend, 99),
    p50FromAck: percentile(fromAck, 50),
    p99FromAck: percentile(fromAck, 99),
    rssBefore,
    rssWith,
  };
  console.log(
    `push: ${fmt(streams)} open streams (${users} users × ${streamsPerUser}), ${fmt(result.samples)} deliveries: append→event p50 ${fmt(result.p50, 1)} ms, p99 ${fmt(result.p99, 1)} ms; ack→event p50 ${fmt(result.p50FromAck, 1)} ms, p99 ${fmt(result.p99FromAck, 1)} ms; server RSS ${fmt(rssBefore)} MiB → ${fmt(rssWith)} MiB with the streams`,
  );
  return result;
}
