// The attack row's attacker (forked by attack.ts), a process of its own so that building and
// sending its requests never delays the bench's own measurements. One device token, many
// requests in flight: wide appends (one-record bodies of about 1 MB) or pull loops.
import { Agent, request } from 'node:http';

/** Parent → child. */
export type AttackCommand =
  | {
      type: 'start';
      url: string;
      token: string;
      deviceId: string;
      mode: 'wide' | 'pull';
      /** Requests in flight at once. */
      concurrency: number;
    }
  | { type: 'stop' };

/** Child → parent. */
export type AttackReport =
  | { type: 'started' }
  | { type: 'stopped'; requests: number; statuses: Record<string, number> };

const agent = new Agent({ keepAlive: true, maxSockets: 64 });
let running = false;
let requests = 0;
const statuses: Record<string, number> = {};

/** One record whose body.data is a flat list of `count` copies of `item`: ~1.05 MB. */
function wideBody(deviceId: string, count: number, item: string): Buffer {
  const data = `[${Array.from({ length: count }, () => item).join(',')}]`;
  return Buffer.from(
    `{"records":[{"device":"${deviceId}","t":${Date.now() - 1000},"kind":"event","body":{"name":"x","data":${data}}}]}`,
  );
}

/** Sends one request and reads its answer; resolves with the status and the body. */
function send(
  url: string,
  token: string,
  method: string,
  path: string,
  body?: Buffer,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const req = request(
      `${url}${path}`,
      {
        method,
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/json', 'content-length': body.length } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
        );
        res.on('error', () => resolve({ status: 0, text: '' }));
      },
    );
    req.on('error', () => resolve({ status: 0, text: '' }));
    req.end(body);
  });
}

function counted(status: number): void {
  requests += 1;
  statuses[status] = (statuses[status] ?? 0) + 1;
}

async function wideLoop(url: string, token: string, bodies: Buffer[]): Promise<void> {
  for (let i = 0; running; i++) {
    const { status } = await send(url, token, 'POST', '/v1/records', bodies[i % bodies.length]);
    counted(status);
  }
}

/** Pulls the whole merged log page by page, from the start again at its end. */
async function pullLoop(url: string, token: string): Promise<void> {
  let after = '';
  while (running) {
    const { status, text } = await send(
      url,
      token,
      'GET',
      `/v1/records?limit=10000&after=${encodeURIComponent(after)}`,
    );
    counted(status);
    if (status !== 200) continue;
    // The cursor and `more` close the page: read them off its tail, not by parsing a megabyte.
    const tail = /"cursor":("[^"]*"),"more":(true|false)\}$/.exec(text.slice(-2000));
    after = tail?.[2] === 'true' ? (JSON.parse(tail[1] as string) as string) : '';
  }
}

let loops: Array<Promise<void>> = [];

process.on('message', async (command: AttackCommand) => {
  if (command.type === 'start') {
    running = true;
    requests = 0;
    for (const key of Object.keys(statuses)) delete statuses[key];
    const bodies =
      command.mode === 'wide'
        ? [wideBody(command.deviceId, 350_000, '{}'), wideBody(command.deviceId, 520_000, '7')]
        : [];
    loops = Array.from({ length: command.concurrency }, () =>
      command.mode === 'wide'
        ? wideLoop(command.url, command.token, bodies)
        : pullLoop(command.url, command.token),
    );
    process.send?.({ type: 'started' } satisfies AttackReport);
  } else {
    running = false;
    await Promise.all(loops);
    process.send?.({ type: 'stopped', requests, statuses: { ...statuses } } satisfies AttackReport);
  }
});
process.on('disconnect', () => process.exit(0));
