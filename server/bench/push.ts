import { type ChildProcess, fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { open } from 'lmdb';
import type { ServerProcess } from '../src/testing/server-process.js';
import type { TestDevice } from '../test/helpers/fixtures.js';
import { makeRecords } from '../test/helpers/fixtures.js';
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
  /** A second server holding only one user's streams: the same-run baseline. */
  baseline: PushLatency;
  loaded: PushLatency;
  /** Per round, the loaded side's p99 over the baseline's. */
  p99Ratios: number[];
  /** A raw LMDB put of one record awaited to `flushed` (fsync), in the same rounds: ms. */
  rawPut: { p50: number; p99: number };
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

/** Keep-alive connections for the senders' requests (node:http: less of the bench's own work
 * between a send and its answer than fetch). */
const senders = new Agent({ keepAlive: true });

/** One request of a sender; resolves with the status once the answer is read. */
function call(url: string, method: string, path: string, token: string, body?: string) {
  return new Promise<number>((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const req = request(`${url}${path}`, { method, agent: senders, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Latencies of deliveries (ms): from sending the append, from its answer; and the appends. */
interface Samples {
  fromSend: number[];
  fromAck: number[];
  appends: number[];
}

/**
 * `count` samples: a user's sender appends one record (users in turn from `from`); we time until
 * the event reaches each of that user's streams, from the moment the append was sent and from
 * its answer. `warmUp` samples first that are not counted (JIT).
 */
async function measure(
  url: string,
  users: readonly User[],
  count: { from: number; samples: number; warmUp: number },
  nextT: () => number,
  into: Samples,
): Promise<void> {
  for (let i = -count.warmUp; i < count.samples; i++) {
    const user = users[(count.from + Math.max(0, i)) % users.length] as User;
    const head = nextT();
    // The sender's token into the server's auth cache first, as a device that syncs often has
    // it: what is timed is the append and the push, not a token lookup in MariaDB (which a
    // sender used once in 200 samples would otherwise pay, and the baseline's would not).
    await call(url, 'GET', '/v1/heads', user.sender.token);
    const arrivals = Promise.all([...user.holders].map((c) => c.arrivals(user.index, head)));
    const body = JSON.stringify({ records: makeRecords(user.sender.deviceId, head, 1) });
    const sentAt = monotonicMs();
    const status = await call(url, 'POST', '/v1/records', user.sender.token, body);
    const ackAt = monotonicMs();
    if (status !== 200) throw new Error(`append answered ${status}`);
    const times = (await arrivals).flat();
    if (times.length !== user.streams) throw new Error(`${times.length} of ${user.streams} got it`);
    if (i < 0) continue;
    into.appends.push(ackAt - sentAt);
    for (const at of times) {
      into.fromSend.push(at - sentAt);
      into.fromAck.push(Math.max(0, at - ackAt));
    }
  }
}

function summarise(samples: Samples, streams: number): PushLatency {
  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  const fromSend = sorted(samples.fromSend);
  const fromAck = sorted(samples.fromAck);
  const appends = sorted(samples.appends);
  return {
    streams,
    deliveries: fromSend.length,
    p50: percentile(fromSend, 50),
    p99: percentile(fromSend, 99),
    p50FromAck: percentile(fromAck, 50),
    p99FromAck: percentile(fromAck, 99),
    p50Append: percentile(appends, 50),
    p99Append: percentile(appends, 99),
  };
}

const noSamples = (): Samples => ({ fromSend: [], fromAck: [], appends: [] });

function describe(latency: PushLatency): string {
  return `${fmt(latency.streams)} streams, ${fmt(latency.deliveries)} deliveries: append→event p50 ${fmt(latency.p50, 1)} ms, p99 ${fmt(latency.p99, 1)} ms (the append's own answer p50 ${fmt(latency.p50Append, 1)}, p99 ${fmt(latency.p99Append, 1)}; answer→event p50 ${fmt(latency.p50FromAck, 1)}, p99 ${fmt(latency.p99FromAck, 1)})`;
}

/** The server's processes: the cluster primary and its workers (their pids it printed). */
function serverPids(server: ServerProcess): number[] {
  const workers = /worker pids\s+([\d ]+)/.exec(server.output())?.[1]?.trim().split(' ') ?? [];
  return [server.child.pid as number, ...workers.map(Number)];
}

/** Rounds of samples, the two servers in turn, so load that comes and goes weighs on both. */
const ROUNDS = 5;

/**
 * Push latency and memory with `users × streamsPerUser` open streams on `server`, held by
 * `clientProcesses` client processes, against the same latency on `baselineServer` (the same
 * setup) holding one user's streams only. The two are measured in alternating rounds.
 */
export async function benchPush(
  env: BenchEnv,
  servers: { server: ServerProcess; baselineServer: ServerProcess },
  options: { users: number; streamsPerUser: number; samples: number; clientProcesses: number },
): Promise<PushResult> {
  const { server, baselineServer } = servers;
  const { streamsPerUser, samples } = options;
  const users: User[] = [];
  // Users come with an Argon2 password hash each: a few at a time on the thread pool. The
  // last one is the baseline server's.
  for (let u = 0; u <= options.users; u += 8) {
    const made = await Promise.all(
      Array.from({ length: Math.min(8, options.users + 1 - u) }, () => env.user(2)),
    );
    for (const [sender, reader] of made) {
      if (!sender || !reader) throw new Error('no bench devices');
      users.push({ index: users.length, sender, reader, holders: new Set(), streams: 0 });
    }
  }
  const baselineUser = users.pop() as User;
  const pids = serverPids(server);
  const inspectors = await ServerInspector.connectAll(server);
  const clients = Array.from({ length: options.clientProcesses }, () => StreamClients.start());
  // The disk's own durable-commit latency, on the same file system as the server's store.
  const raw = open({
    path: env.scratch('push-raw-lmdb'),
    encoding: 'string',
    overlappingSync: false,
  });
  let t = 1_700_100_000_000;
  const nextT = () => t++;
  // Memory is read after a full collection in every server process, and per stream as what
  // the second half of the streams added: the first half has already grown the heaps' young
  // generations and the allocator pools, which more streams do not grow again.
  /** One reading: every process collected, then its memory once the freed pages went back. */
  const readOnce = async () => {
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
  /**
   * The least of three readings: the resident memory of one reading still holds what a
   * moment's work allocated and freed (malloc keeps freed memory for a while), and that came
   * and went by ±4 KiB per stream between runs, more than the streams' own JS heap.
   */
  const reading = async () => {
    const readings = [await readOnce(), await readOnce(), await readOnce()];
    const least = (key: 'anon' | 'heap' | 'heapTotal') =>
      Math.min(...readings.map((reading) => reading[key]));
    return { anon: least('anon'), heap: least('heap'), heapTotal: least('heapTotal') };
  };
  try {
    await openStreams(baselineServer.url, clients, [baselineUser], streamsPerUser, 0);
    const half = Math.max(1, Math.floor(users.length / 2));
    const started = performance.now();
    await openStreams(server.url, clients, users.slice(0, half), streamsPerUser, 0);
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

    const perRound = Math.ceil(samples / ROUNDS);
    const rawPuts: number[] = [];
    const base = noSamples();
    const loaded = noSamples();
    const p99Ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const warmUp = round === 0 ? 5 : 0;
      const b = noSamples();
      const l = noSamples();
      await measure(
        baselineServer.url,
        [baselineUser],
        { from: 0, samples: Math.max(4, Math.ceil(perRound / 2)), warmUp },
        nextT,
        b,
      );
      await measure(
        server.url,
        users,
        { from: round * perRound, samples: perRound, warmUp },
        nextT,
        l,
      );
      p99Ratios.push(summarise(l, 0).p99 / summarise(b, 0).p99);
      for (let i = 0; i < perRound / 2; i++) {
        const at = monotonicMs();
        await raw.put(['usr_raw', 'dev_raw', nextT()], '{"kind":"event","body":"x"}');
        await raw.flushed;
        rawPuts.push(monotonicMs() - at);
      }
      for (const [into, from] of [
        [base, b],
        [loaded, l],
      ] as const) {
        into.fromSend.push(...from.fromSend);
        into.fromAck.push(...from.fromAck);
        into.appends.push(...from.appends);
      }
    }
    rawPuts.sort((a, b) => a - b);
    const rawPut = { p50: percentile(rawPuts, 50), p99: percentile(rawPuts, 99) };
    const baseline = summarise(base, baselineUser.streams);
    const result = summarise(
      loaded,
      users.reduce((sum, user) => sum + user.streams, 0),
    );
    console.log(`push baseline (a second server, one user's streams): ${describe(baseline)}`);
    console.log(
      `raw LMDB put of one record awaited to flushed, same rounds: p50 ${fmt(rawPut.p50, 1)} ms, p99 ${fmt(rawPut.p99, 1)} ms`,
    );
    console.log(
      `push: opened ${fmt(result.streams)} streams in ${fmt(openedIn / 1000, 1)} s from ${clients.length} client processes over ${SOURCE_ADDRESSES} loopback addresses, into ${pids.length - 1 || 1} server worker(s); ${describe(result)}; p99 over the baseline's per round ${p99Ratios.map((r) => fmt(r, 2)).join(' / ')}; server memory after GC (RssAnon, all its processes) ${fmt(atHalf.anon / 1024)} MiB at ${fmt(half * streamsPerUser)} streams → ${fmt(atFull.anon / 1024)} MiB at ${fmt(result.streams)}: ${fmt(kibPerStream, 1)} KiB per stream (JS heap ${fmt(heapKibPerStream, 1)} KiB of it in use, ${fmt(heapTotalKibPerStream, 1)} KiB reserved)`,
    );
    return {
      baseline,
      loaded: result,
      p99Ratios,
      rawPut,
      anonHalf: atHalf.anon,
      anonWith: atFull.anon,
      kibPerStream,
      heapKibPerStream,
    };
  } finally {
    senders.destroy();
    for (const client of clients) client.stop();
    for (const inspector of inspectors) inspector.close();
    await raw.close();
  }
}

/** Lets the server finish what the last step started (and collect its young garbage). */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1000));
}
