import { type ChildProcess, fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { ServerProcess } from '../src/testing/server-process.js';
import { makeRecords, type TestDevice } from '../test/helpers/fixtures.js';
import type { AttackCommand, AttackReport } from './attacker.js';
import { type BenchEnv, percentile } from './setup.js';

/** The victim's devices: its heads requests go round them (each token's rate limit). */
const VICTIM_DEVICES = 8;
/** At most one victim request per this many ms (a device's heads call, not a flood). */
const VICTIM_GAP_MS = 5;

/** Records in the attacker's log, so that its pull loops read pages of 10,000. */
const ATTACKER_RECORDS = 20_000;

export interface Latencies {
  p50: number;
  p99: number;
}

export interface AttackPhase {
  /** Another user's `GET /v1/heads` while one token attacks, per round. */
  attacked: Latencies[];
  /** The same, idle, measured in the same round right before. */
  idle: Latencies[];
  /** What the attacker's requests were answered, over all rounds. */
  statuses: Record<string, number>;
  requests: number;
}

export interface AttackResult {
  wide: AttackPhase;
  pull: AttackPhase;
}

/** The attacker process (attacker.ts). */
class Attacker {
  private next: ((report: AttackReport) => void) | undefined;

  constructor(private readonly child: ChildProcess) {
    child.on('message', (report: AttackReport) => this.next?.(report));
  }

  static start(): Attacker {
    const script = fileURLToPath(new URL('./attacker.ts', import.meta.url));
    return new Attacker(
      fork(script, [], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    );
  }

  command(command: AttackCommand): Promise<AttackReport> {
    return new Promise((resolve) => {
      this.next = resolve;
      this.child.send(command);
    });
  }

  stop(): void {
    this.child.disconnect();
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** One `GET /v1/heads`, its latency in ms. */
function headsOnce(url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      `${url}/v1/heads`,
      { agent, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) resolve(performance.now() - started);
          else reject(new Error(`heads answered ${res.statusCode}`));
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * The victim's heads, one request after another for `ms`: p50 and p99. The victim's devices
 * take turns, and it waits out VICTIM_GAP_MS, so it stays under the per-token rate limit.
 */
async function sampleHeads(url: string, tokens: string[], ms: number): Promise<Latencies> {
  const times: number[] = [];
  const until = performance.now() + ms;
  for (let i = 0; performance.now() < until; i++) {
    const took = await headsOnce(url, tokens[i % tokens.length] as string);
    times.push(took);
    if (took < VICTIM_GAP_MS) await sleep(VICTIM_GAP_MS - took);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

async function post(url: string, device: TestDevice, body: string): Promise<void> {
  const res = await fetch(`${url}/v1/records`, {
    method: 'POST',
    headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
    body,
  });
  if (res.status !== 200) throw new Error(`seeding answered ${res.status}`);
}

/**
 * The attack row: another user's `GET /v1/heads`, idle and while one device token attacks, in
 * alternating rounds (idle, wide appends, idle, pull loops), so a load spike of this shared
 * machine weighs on both sides of each round's ratio. The wide attack keeps 4 appends of ~1 MB
 * in flight (one record of 350,000 `{}` or 520,000 numbers, refused as too large); the pull
 * attack runs 10 loops over the attacker's 20,000-record log in pages of 10,000. The attacker
 * is a process of its own; the victim sends one request at a time on one kept-alive socket.
 */
export async function benchAttack(
  env: BenchEnv,
  server: ServerProcess,
  options: { rounds: number; phaseMs: number },
): Promise<AttackResult> {
  const victims = await env.user(VICTIM_DEVICES);
  const tokens = victims.map((device) => device.token);
  const [victim] = victims;
  const [attacker] = await env.user(1);
  if (victim === undefined || attacker === undefined) throw new Error('no devices');
  await post(
    server.url,
    victim,
    JSON.stringify({ records: makeRecords(victim.deviceId, 1000, 3) }),
  );
  for (let t = 0; t < ATTACKER_RECORDS; t += 1000) {
    const records = makeRecords(attacker.deviceId, 1_000_000 + t, 1000);
    await post(server.url, attacker, JSON.stringify({ records }));
  }
  for (let i = 0; i < 2; i++) await sampleHeads(server.url, tokens, 500); // warm-up

  const phase = (): AttackPhase => ({ attacked: [], idle: [], statuses: {}, requests: 0 });
  const result: AttackResult = { wide: phase(), pull: phase() };
  const attackerProcess = Attacker.start();
  try {
    for (let round = 0; round < options.rounds; round++) {
      for (const mode of ['wide', 'pull'] as const) {
        const into = result[mode];
        into.idle.push(await sampleHeads(server.url, tokens, options.phaseMs));
        await attackerProcess.command({
          type: 'start',
          url: server.url,
          token: attacker.token,
          deviceId: attacker.deviceId,
          mode,
          concurrency: mode === 'wide' ? 4 : 10,
        });
        await sleep(300); // the attack under way
        into.attacked.push(await sampleHeads(server.url, tokens, options.phaseMs));
        const report = await attackerProcess.command({ type: 'stop' });
        if (report.type === 'stopped') {
          into.requests += report.requests;
          for (const [status, count] of Object.entries(report.statuses)) {
            into.statuses[status] = (into.statuses[status] ?? 0) + count;
          }
        }
      }
    }
  } finally {
    attackerProcess.stop();
  }
  return result;
}
