// `npm run bench -w @tagtime/server`: the server's speed against baselines measured in the same
// run on this machine, loopback only. Bounded to a few minutes; BENCH_SCALE=0.1 for a quick run.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { benchAttack } from './attack.js';
import { CpuHog, load1 } from './cpu-hog.js';
import { benchIngest } from './ingest.js';
import { inspectorEnv, ServerInspector } from './inspector.js';
import { benchPull } from './pull.js';
import { benchPush, SOURCE_ADDRESSES } from './push.js';
import { attackRows, ingestRows, pullRows, pushRows, STREAM_GOAL, viewRows } from './rows.js';
import { type BenchEnv, benchEnv, fmt, openFileLimit } from './setup.js';
import { printRows, type Row, type RowDraft } from './table.js';
import { benchView } from './view.js';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const STREAMS_PER_USER = 100;
/** Open files a bench or server process needs besides its streams' sockets. */
const FILE_HEADROOM = 300;
/** Streams per bench client process (each well under the open-file limit). */
const STREAMS_PER_CLIENT_PROCESS = 5000;
const ROW_NAMES = ['ingest', 'pull', 'view', 'push', 'attack'] as const;

type RowName = (typeof ROW_NAMES)[number];

/** BENCH_ROWS=push (or ingest,pull, …): the rows to run; all by default. */
function selectedRows(): Set<RowName> {
  const names = (process.env.BENCH_ROWS ?? ROW_NAMES.join(',')).split(',').map((n) => n.trim());
  for (const name of names) {
    if (!(ROW_NAMES as readonly string[]).includes(name)) {
      throw new Error(
        `BENCH_ROWS: unknown row ${JSON.stringify(name)} (rows: ${ROW_NAMES.join(', ')})`,
      );
    }
  }
  return new Set(names as RowName[]);
}

const BUSY_LOAD = Number(process.env.BENCH_BUSY_LOAD ?? 8);

/**
 * BENCH_LOAD: `both` (the default) measures the throughput rows (ingest, pull) quiet and then
 * again while a CPU hog of the bench's own keeps the load average at BENCH_BUSY_LOAD (8) or
 * more; `quiet` or `busy` only one of the two. The other rows run in the quiet phase only.
 */
function selectedLoads(): { quiet: boolean; busy: boolean } {
  const mode = process.env.BENCH_LOAD ?? 'both';
  if (mode !== 'both' && mode !== 'quiet' && mode !== 'busy') {
    throw new Error(`BENCH_LOAD: ${JSON.stringify(mode)} is not both, quiet or busy`);
  }
  if (!(BUSY_LOAD > 0)) {
    throw new Error(`BENCH_BUSY_LOAD: ${process.env.BENCH_BUSY_LOAD} is not a positive number`);
  }
  return { quiet: mode !== 'busy', busy: mode !== 'quiet' };
}

/**
 * Spinners for the busy phase: the load average climbs toward the runnable processes (the
 * bench and its server are two more), so as many as the target, fewer when other work on the
 * machine already makes part of the load, and never fewer than two; the hog adds more while
 * the load stays below the target.
 */
function hogSpinners(): number {
  return Math.max(2, Math.min(Math.ceil(BUSY_LOAD), Math.ceil(BUSY_LOAD + 1 - load1())));
}
const HOG_WAIT_MS = 240_000;
/** The goals, quiet and busy: at load the ingest must hold its floor and the pull 0.55×. */
const GOALS = { quiet: { ingest: 0.6, pull: 0.8 }, busy: { ingest: 0.6, pull: 0.55 } };

function load(): string {
  return loadavg()
    .map((n) => n.toFixed(1))
    .join(' / ');
}

/** Runs one row's measurement and stamps its rows with the load when it began and ended. */
async function measured(rows: Row[], run: () => Promise<RowDraft[]>): Promise<void> {
  const before = load1();
  const drafts = await run();
  const span = `${before.toFixed(1)}→${load1().toFixed(1)}`;
  for (const draft of drafts) rows.push({ ...draft, load: span });
}

async function main(): Promise<void> {
  const selected = selectedRows();
  const loads = selectedLoads();
  const wantedStreams = Math.max(200, Math.round(STREAM_GOAL * scale));
  // No process may hold more sockets than its open-file limit (20,000 here, not raisable): the
  // server runs as WORKERS processes sharing the port and the streams' client sockets live in
  // several client processes. Each process keeps room for its own files (database pool, LMDB,
  // stdio, inspector, NATS: a few dozen).
  const workers = Number(process.env.BENCH_WORKERS ?? 2);
  const perProcess = openFileLimit() - FILE_HEADROOM;
  const streamCount = Math.min(
    wantedStreams,
    Math.floor((perProcess * workers) / STREAMS_PER_USER) * STREAMS_PER_USER,
  );
  const clientProcesses = Math.max(
    2,
    Math.ceil(streamCount / Math.min(perProcess, STREAMS_PER_CLIENT_PROCESS)),
  );
  console.log(`load average at start ${load()} (2 cores shared with other work)`);
  const env = await benchEnv();
  const rows: Row[] = [];
  try {
    if (loads.quiet) await throughputRows(env, selected, rows, false);
    if (selected.has('view')) {
      const records = Math.max(10_000, Math.round(1_000_000 * scale));
      await measured(rows, async () => {
        const { result, server } = await benchView(env, () => env.startServer(), records);
        console.log(
          `view server ${server.url} (pid ${server.child.pid}); the heavy view is ${fmt(result.heavyViewBytes / 1024)} KiB of JSON`,
        );
        await env.stopServer(server);
        return viewRows(result);
      });
    }
    if (selected.has('push')) {
      // A fresh server for the streams, so their memory is measured on processes of their own.
      // The stream caps (per token, per user, per address, in all) are lifted to the bench's
      // own shape: 100 streams of one token per user, from 8 loopback addresses.
      const workerEnv = workers > 1 ? { WORKERS: String(workers), NATS_URL: NATS_URL } : {};
      const caps = {
        MAX_STREAMS_PER_TOKEN: String(STREAMS_PER_USER),
        MAX_STREAMS_PER_USER: String(STREAMS_PER_USER),
        MAX_CONNECTIONS_PER_ADDRESS: String(Math.ceil(streamCount / SOURCE_ADDRESSES) + 100),
        MAX_CONNECTIONS: String(Math.min(perProcess, streamCount + 100)),
      };
      const server = await env.startServer({ ...inspectorEnv(), ...workerEnv, ...caps });
      // The baseline: the same server setup beside it, holding one user's streams.
      const baselineServer = await env.startServer({ ...workerEnv, ...caps });
      await measured(rows, async () => {
        const push = await benchPush(
          env,
          { server, baselineServer },
          {
            users: Math.max(2, streamCount / STREAMS_PER_USER),
            streamsPerUser: STREAMS_PER_USER,
            samples: Math.max(40, 400 * scale),
            clientProcesses,
          },
        );
        return pushRows(push, workers, clientProcesses);
      });
    }
    if (selected.has('attack')) {
      // The production default per-token rate limit: part of what bounds one token's share.
      const server = await env.startServer({ RATE_LIMIT_PER_TOKEN: '6000' });
      console.log(`attack server ${server.url} (pid ${server.child.pid})`);
      await measured(rows, async () => {
        const attack = await benchAttack(env, server, {
          rounds: 5,
          phaseMs: Math.max(1000, Math.round(3000 * scale)),
        });
        return attackRows(attack);
      });
      await env.stopServer(server);
    }
    if (loads.busy && (selected.has('ingest') || selected.has('pull'))) {
      const hog = await CpuHog.start(
        hogSpinners(),
        { target: BUSY_LOAD, maxSpinners: Math.ceil(BUSY_LOAD), timeoutMs: HOG_WAIT_MS },
        (line) => console.log(line),
      );
      try {
        await throughputRows(env, selected, rows, true);
      } finally {
        await hog.stop();
      }
    }
    console.log('');
    if (selected.has('push') && streamCount < wantedStreams) {
      console.log(
        `only ${fmt(streamCount)} streams: ${workers} server worker(s) under an open-file limit of ${perProcess + FILE_HEADROOM} each (BENCH_WORKERS=${Math.ceil(wantedStreams / perProcess)} fits them)`,
      );
    }
    printRows(rows);
    console.log(`load average at end ${load()}; ratios are medians of per-round ratios`);
  } finally {
    await env.close();
  }
}

/**
 * BENCH_PROFILE=<dir>: the ingest and pull servers run under the V8 profiler, each row's
 * profile written to `<dir>/<row>-<quiet|busy>.cpuprofile` (the profiler slows the server: the
 * figures of such a run are not comparable with others).
 */
const PROFILE_DIR = process.env.BENCH_PROFILE;

/** Starts a throughput row's server, under the profiler when BENCH_PROFILE asks for it. */
async function throughputServer(env: BenchEnv) {
  if (PROFILE_DIR === undefined) return { server: await env.startServer(), done: async () => {} };
  const server = await env.startServer(inspectorEnv());
  const [inspector] = await ServerInspector.connectAll(server);
  if (inspector === undefined) throw new Error('no inspector');
  await inspector.startProfile();
  const done = async (name: string) => {
    writeFileSync(join(PROFILE_DIR, `${name}.cpuprofile`), await inspector.stopProfile());
    inspector.close();
  };
  return { server, done };
}

/**
 * The ingest and pull rows (those selected), each on a server process of its own, so a row's
 * figures do not depend on what ran before it in the same process (the ingest leaves a grown
 * heap and JIT state behind).
 */
async function throughputRows(
  env: BenchEnv,
  selected: Set<RowName>,
  rows: Row[],
  busy: boolean,
): Promise<void> {
  const goals = busy ? GOALS.busy : GOALS.quiet;
  const phase = busy ? `, busy (load ≥ ${BUSY_LOAD})` : '';
  if (selected.has('ingest')) {
    const { server, done } = await throughputServer(env);
    console.log(`ingest server${phase} ${server.url} (pid ${server.child.pid})`);
    const batches = Math.max(1, Math.round(10 * scale));
    await measured(rows, async () =>
      ingestRows(await benchIngest(env, server, batches, !busy), goals, phase),
    );
    await done(`ingest-${busy ? 'busy' : 'quiet'}`);
    await env.stopServer(server);
  }
  if (selected.has('pull')) {
    const { server, done } = await throughputServer(env);
    console.log(`pull server${phase} ${server.url} (pid ${server.child.pid})`);
    const records = Math.max(10_000, Math.round((300_000 * scale) / 10_000) * 10_000);
    await measured(rows, async () => pullRows(await benchPull(env, server, records), goals, phase));
    await done(`pull-${busy ? 'busy' : 'quiet'}`);
    await env.stopServer(server);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
