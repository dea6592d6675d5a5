import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestDevice } from '../test/helpers/fixtures.js';
import { makeRecords } from '../test/helpers/fixtures.js';
import type { ServerProcess } from '../test/helpers/process.js';
import { ServerInspector } from './inspector.js';
import { type BenchEnv, fmt, memoryKiB, percentile } from './setup.js';
import { type ClientCommand, type ClientReport, monotonicMs } from './stream-clients.js';

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
  /** The append itself, from sending it to its answer (after the durable commit), ms. */
  p50Append: number;
  p99Append: number;
}

export interface PushResult {
  /** With only the first user's streams open: the same-run baseline. */
  baseline: PushLatency;
  loaded: PushLatency;
  /** The server's own (anonymous) memory, all its processes, with half and all the streams. */
  anonHalf: number;
  anonWith: number;
  /** What each stream of the second half added: resident memory and JS heap, KiB. */
  kibPerStream: number;
  heapKibPerStream: number;
}

interface User {
  index: number;
  sender: TestDevice;
  reader: TestDevice;
  /** Client processes holding this user's streams, and how many streams in all. */
  holders: Set<StreamClients>;
  streams: number;
}

/** One forked client process (stream-clients.ts) and the reports it sends. */
class StreamClients {
  private readonly waiting = new Map<string, (at: number[]) => void>();
  private onOpened: ((error?: Error) => void) | undefined;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: ClientReport) => {
      if (message.type === 'arrived') {
        const key = `${message.user}:${message.head}`;
        this.waiting.get(key)?.(message.at);
        this.waiting.delete(key);
      } else if (message.type === 'opened') this.onOpened?.();
      else this.onOpened?.(new Error(`stream client: ${message.message}`));
    });
  }

  static start(): StreamClients {
    const script = fileURLToPath(new URL('./stream-clients.ts', import.meta.url));
    const child = fork(script, [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new StreamClients(child);
  }

  open(command: ClientCommand): Promise<void> {
    return new Promise((resolve, reject) => {
      this.onOpened = (error) => (error ? reject(error) : resolve());
      this.child.send(command);
    });
  }

  /** Resolves with the arrival times of `head` on this process's streams of `user`. */
  arrivals(user: number, head: number): Promise<number[]> {
    return new Promise((resolve) => this.waiting.set(`${user}:${head}`, resolve));
  }

  stop(): void {
    this.child.disconnect();
  }
}

/**
 * Opens `perUser` streams for each user, spread over the client processes (stream by stream, so
 * every event fans out to all of them) and over the loopback addresses.
 */
async function openStreams(
  url: string,
  clients: readonly StreamClients[],
  users: readonly User[],
  perUser: number,
  from: number,
): Promise<void> {
  const commands = clients.map(
    (): ClientCommand => ({ type: 'open', url, streams: [] as ClientCommand['streams'] }),
  );
  let n = from;
  for (const user of users) {
    for (let s = 0; s < perUser; s++, n++) {
      const holder = n % clients.length;
      commands[holder]?.streams.push({
        user: user.index,
        token: user.reader.token,
        address: `127.0.0.${2 + (n % SOURCE_ADDRESSES)}`,
      });
      user.holders.add(clients[holder] as StreamClients);
      user.streams += 1;
    }
  }
  await Promise.all(clients.map((client, i) => client.open(commands[i] as ClientCommand)));
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
  const appends: number[] = [];
  for (let i = 0; i < samples; i++) {
    const user = users[i % users.length] as User;
    const head = nextT();
    const arrivals = Promise.all([...user.holders].map((c) => c.arrivals(user.index, head)));
    const sentAt = monotonicMs();
    const res = await fetch(`${url}/v1/records`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${user.sender.token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ records: makeRecords(user.sender.deviceId, head, 1) }),
    });
    const ackAt = monotonicMs();
    if (res.status !== 200) throw new Error(`append answered ${res.status}`);
    await res.arrayBuffer();
    const times = (await arrivals).flat();
    if (times.length !== user.streams) throw new Error(`${times.length} of ${user.streams} got it`);
    // The first samples warm up the route (JIT), they are not counted.
    if (i < Math.min(5, samples / 10)) continue;
    appends.push(ackAt - sentAt);
    for (const at of times) {
      fromSend.push(at - sentAt);
      fromAck.push(Math.max(0, at - ackAt));
    }
  }
  fromSend.sort((a, b) => a - b);
  fromAck.sort((a, b) => a - b);
  appends.sort((a, b) => a - b);
  return {
    streams: users.reduce((sum, user) => sum + user.streams, 0),
    deliveries: fromSend.length,
    p50: percentile(fromSend, 50),
    p99: percentile(fromSend, 99),
    p50FromAck: percentile(fromAck, 50),
    p99FromAck: percentile(fromAck, 99),
    p50Append: percentile(appends, 50),
    p99Append: percentile(appends, 99),
  };
}

function describe(latency: PushLatency): string {
  return `${fmt(latency.streams)} streams, ${fmt(latency.deliveries)} deliveries: append→event p50 ${fmt(latency.p50, 1)} ms, p99 ${fmt(latency.p99, 1)} ms (the append's own answer p50 ${fmt(latency.p50Append, 1)}, p99 ${fmt(latency.p99Append, 1)}; answer→event p50 ${fmt(latency.p50FromAck, 1)}, p99 ${fmt(latency.p99FromAck, 1)})`;
}

/** The server's processes: the cluster primary and its workers (their pids it printed). */
function serverPids(server: ServerProcess): number[] {
  const workers = /worker pids\s+([\d ]+)/.exec(server.output())?.[1]?.trim().split(' ') ?? [];
  return [server.child.pid as number, ...workers.map(Number)];
}

/**
 * Push latency and memory with `users × streamsPerUser` open streams held by `clientCount`
 * client processes, against the same latency with one user's streams only (measured first, in
 * the same server).
 */
export async function benchPush(
  env: BenchEnv,
  server: ServerProcess,
  options: { users: number; streamsPerUser: number; samples: number; clientProcesses: number },
): Promise<PushResult> {
  const { streamsPerUser, samples } = options;
  const users: User[] = [];
  // Users come with an Argon2 password hash each: a few at a time on the thread pool.
  for (let u = 0; u < options.users; u += 8) {
    const made = await Promise.all(
      Array.from({ length: Math.min(8, options.users - u) }, () => env.user(2)),
    );
    for (const [sender, reader] of made) {
      if (!sender || !reader) throw new Error('no bench devices');
      users.push({ index: users.length, sender, reader, holders: new Set(), streams: 0 });
    }
  }
  const pids = serverPids(server);
  const inspectors = await ServerInspector.connectAll(server);
  const clients = Array.from({ length: options.clientProcesses }, () => StreamClients.start());
  let t = 1_700_100_000_000;
  const nextT = () => t++;
  // Memory is read after a full collection in every server process, and per stream as what
  // the second half of the streams added: the first half has already grown the heaps' young
  // generations and the allocator pools, which more streams do not grow again.
  const reading = async () => {
    await settle();
    let heap = 0;
    let heapTotal = 0;
    for (const inspector of inspectors) {
      const usage = await inspector.memoryAfterGc();
      heap += usage.heapUsed / 1024;
      heapTotal += usage.heapTotal / 1024;
    }
    // V8 hands the pages a full collection freed back to the system in a background task.
    await settle();
    let anon = 0;
    for (const pid of pids) anon += (await memoryKiB(pid)).anon;
    return { anon, heap, heapTotal };
  };
  try {
    await openStreams(server.url, clients, users.slice(0, 1), streamsPerUser, 0);
    const baseline = await measure(server.url, users.slice(0, 1), Math.max(20, samples / 4), nextT);
    console.log(`push baseline: ${describe(baseline)}`);

    const half = Math.max(1, Math.floor(users.length / 2));
    const started = performance.now();
    await openStreams(server.url, clients, users.slice(1, half), streamsPerUser, streamsPerUser);
    const atHalf = await reading();
    await openStreams(
      server.url,
      clients,
      users.slice(half),
      streamsPerUser,
      half * streamsPerUser,
    );
    const openedIn = performance.now() - started;
    const atFull = await reading();
    const added = (users.length - half) * streamsPerUser;
    const kibPerStream = (atFull.anon - atHalf.anon) / added;
    const heapKibPerStream = (atFull.heap - atHalf.heap) / added;
    const heapTotalKibPerStream = (atFull.heapTotal - atHalf.heapTotal) / added;
    const loaded = await measure(server.url, users, samples, nextT);
    console.log(
      `push: opened ${fmt(loaded.streams - streamsPerUser)} more streams in ${fmt(openedIn / 1000, 1)} s from ${clients.length} client processes over ${SOURCE_ADDRESSES} loopback addresses, into ${pids.length - 1 || 1} server worker(s); ${describe(loaded)}; server memory after GC (RssAnon, all its processes) ${fmt(atHalf.anon / 1024)} MiB at ${fmt(half * streamsPerUser)} streams → ${fmt(atFull.anon / 1024)} MiB at ${fmt(loaded.streams)}: ${fmt(kibPerStream, 1)} KiB per stream (JS heap ${fmt(heapKibPerStream, 1)} KiB of it in use, ${fmt(heapTotalKibPerStream, 1)} KiB reserved)`,
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
    for (const client of clients) client.stop();
    for (const inspector of inspectors) inspector.close();
  }
}

/** Lets the server finish what the last step started (and collect its young garbage). */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1000));
}
