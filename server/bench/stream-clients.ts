// One of the push bench's client processes (forked by push.ts): holds its share of the SSE
// streams, so no process holds more sockets than its open-file limit allows and the process
// that sends the appends holds none. It stamps each event as its bytes arrive with the
// system-wide monotonic clock (process.hrtime, CLOCK_MONOTONIC on Linux: comparable across
// processes) and reports a (user, head) once every stream of that user here has it.
import { request } from 'node:http';

/** Parent → child. */
export type ClientCommand = {
  type: 'open';
  url: string;
  /** The streams to open: whose, with which token, from which loopback address. */
  streams: Array<{ user: number; token: string; address: string }>;
};

/** Child → parent. */
export type ClientReport =
  | { type: 'opened'; count: number }
  | { type: 'arrived'; user: number; head: number; at: number[] }
  | { type: 'failed'; message: string };

/** Streams opened at once: the server's accept queue and this process's sockets stay small. */
const WAVE = 200;

/** Milliseconds on the system-wide monotonic clock. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

const streamsOf = new Map<number, number>();
/** Per user, per head: arrival times so far on this process's streams. */
const arrivals = new Map<number, Map<number, number[]>>();

function report(message: ClientReport): void {
  process.send?.(message);
}

function arrived(user: number, head: number, at: number): void {
  let byHead = arrivals.get(user);
  if (byHead === undefined) {
    byHead = new Map();
    arrivals.set(user, byHead);
  }
  const times = byHead.get(head) ?? [];
  times.push(at);
  byHead.set(head, times);
  if (times.length === streamsOf.get(user)) {
    byHead.delete(head);
    report({ type: 'arrived', user, head, at: times });
  }
}

function openStream(url: string, user: number, token: string, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/v1/stream`,
      { headers: { authorization: `Bearer ${token}` }, agent: false, localAddress: address },
      (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`stream answered ${res.statusCode}`));
          res.resume();
          return;
        }
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          const at = monotonicMs();
          buffer += chunk;
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const data = /\ndata: (.*)/.exec(buffer.slice(0, end))?.[1];
            buffer = buffer.slice(end + 2);
            if (data) arrived(user, (JSON.parse(data) as { head: number }).head, at);
            end = buffer.indexOf('\n\n');
          }
        });
        resolve();
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function open(command: ClientCommand): Promise<void> {
  for (const stream of command.streams) {
    streamsOf.set(stream.user, (streamsOf.get(stream.user) ?? 0) + 1);
  }
  for (let i = 0; i < command.streams.length; i += WAVE) {
    await Promise.all(
      command.streams
        .slice(i, i + WAVE)
        .map((s) => openStream(command.url, s.user, s.token, s.address)),
    );
  }
  report({ type: 'opened', count: command.streams.length });
}

process.on('message', (command: ClientCommand) => {
  open(command).catch((error: unknown) => report({ type: 'failed', message: String(error) }));
});
// The bench ends: so does this process, and its sockets with it.
process.on('disconnect', () => process.exit(0));
