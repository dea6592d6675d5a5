// `npm run bench -w @tagtime/server`: the server's speed against baselines measured in the same
// run on this machine, loopback only. Bounded to a few minutes; BENCH_SCALE=0.1 for a quick run.
import { loadavg } from 'node:os';
import { benchIngest } from './ingest.js';
import { inspectorEnv } from './inspector.js';
import { benchPull } from './pull.js';
import { benchPush, SOURCE_ADDRESSES } from './push.js';
import { benchEnv, fmt, median, pairedRatio, raiseOpenFileLimit } from './setup.js';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const STREAMS_PER_USER = 100;
const STREAM_GOAL = 20_000;
/** Open files a bench or server process needs besides its streams' sockets. */
const FILE_HEADROOM = 300;

interface Row {
  what: string;
  measured: string;
  baseline: string;
  ratio: string;
  goal: string;
  met: boolean | undefined;
}

/** A throughput row: median rates, and the median per-round ratio against the baseline. */
function rateRow(
  what: string,
  rates: readonly number[],
  baseline: { name: string; rates: readonly number[]; goal?: number },
): Row {
  const ratio = pairedRatio(rates, baseline.rates);
  return {
    what,
    measured: `${fmt(median(rates))} rec/s`,
    baseline: `${baseline.name} ${fmt(median(baseline.rates))} rec/s`,
    ratio: `${fmt(ratio, 2)}×`,
    goal: baseline.goal === undefined ? '(shown)' : `≥ ${fmt(baseline.goal, 2)}×`,
    met: baseline.goal === undefined ? undefined : ratio >= baseline.goal,
  };
}

function load(): string {
  return loadavg()
    .map((n) => n.toFixed(1))
    .join(' / ');
}

function printRows(rows: readonly Row[]): void {
  const columns: Array<keyof Omit<Row, 'met'>> = ['what', 'measured', 'baseline', 'ratio', 'goal'];
  const header: Row = {
    what: 'row',
    measured: 'measured',
    baseline: 'baseline (same run)',
    ratio: 'ratio',
    goal: 'goal',
    met: undefined,
  };
  const widths = columns.map((c) => Math.max(...[header, ...rows].map((row) => row[c].length)));
  const line = (row: Row, verdict: string) =>
    `${columns.map((c, i) => row[c].padEnd(widths[i] as number)).join('  ')}  ${verdict}`;
  console.log(line(header, 'verdict'));
  for (const row of rows) {
    console.log(line(row, row.met === undefined ? '' : row.met ? 'goal met' : 'GOAL MISSED'));
  }
}

async function main(): Promise<void> {
  const wantedStreams = Math.max(200, Math.round(STREAM_GOAL * scale));
  // Each stream is a socket in this process and one in the server; both inherit this limit.
  // Where it cannot be raised (no CAP_SYS_RESOURCE), the streams fit under it with room for
  // each process's own files (database pool, LMDB, stdio, inspector: a few dozen).
  const fileLimit = raiseOpenFileLimit(wantedStreams + FILE_HEADROOM);
  const streamCount = Math.min(
    wantedStreams,
    Math.floor((fileLimit - FILE_HEADROOM) / STREAMS_PER_USER) * STREAMS_PER_USER,
  );
  console.log(`load average at start ${load()} (2 cores shared with other work)`);
  const env = await benchEnv();
  const rows: Row[] = [];
  try {
    let server = await env.startServer();
    console.log(`server ${server.url} (pid ${server.child.pid}), data in ${env.dataDir}`);
    const ingest = await benchIngest(env, server, Math.max(1, Math.round(10 * scale)));
    const pull = await benchPull(
      env,
      server,
      Math.max(10_000, Math.round((300_000 * scale) / 10_000) * 10_000),
    );
    await env.stopServer(server);
    // A fresh server for the streams, so their memory is measured on a process of their own.
    // The stream caps (per token, per user, per address, in all) are lifted to the bench's own
    // shape: 100 streams of one token per user, from 8 loopback addresses.
    server = await env.startServer({
      ...inspectorEnv(),
      MAX_STREAMS_PER_TOKEN: String(STREAMS_PER_USER),
      MAX_STREAMS_PER_USER: String(STREAMS_PER_USER),
      MAX_CONNECTIONS_PER_ADDRESS: String(Math.ceil(streamCount / SOURCE_ADDRESSES) + 100),
      MAX_CONNECTIONS: String(streamCount + 100),
    });
    const users = Math.max(2, streamCount / STREAMS_PER_USER);
    const push = await benchPush(env, server, users, STREAMS_PER_USER, Math.max(40, 400 * scale));

    rows.push(
      rateRow('ingest POST /v1/records, 1000-record batches, durable', ingest.http, {
        name: 'raw LMDB puts',
        rates: ingest.lmdb,
        goal: 0.4,
      }),
    );
    if (ingest.nats.length > 0) {
      rows.push(
        rateRow('ingest POST /v1/records vs a JetStream publish', ingest.http, {
          name: 'JetStream',
          rates: ingest.nats,
          goal: 1,
        }),
      );
    }
    const scan = { name: 'raw LMDB range scan', rates: pull.scan };
    rows.push(
      rateRow('pull merged over 10 logs (HTTP, bytes)', pull.http, { ...scan, goal: 0.55 }),
    );
    rows.push(
      rateRow('pull merged over 10 logs (SyncClient: JSON + validation)', pull.client, scan),
    );
    const { baseline, loaded } = push;
    rows.push({
      what: `push append→event p99, ${fmt(loaded.streams)} streams`,
      measured: `p50 ${fmt(loaded.p50, 1)} ms, p99 ${fmt(loaded.p99, 1)} ms`,
      baseline: `${fmt(baseline.streams)} streams: p50 ${fmt(baseline.p50, 1)}, p99 ${fmt(baseline.p99, 1)} ms`,
      ratio: `${fmt(loaded.p99 / baseline.p99, 2)}×`,
      goal: `≤ 20 ms at ${fmt(STREAM_GOAL)}`,
      met: loaded.p99 <= 20 && loaded.streams >= STREAM_GOAL,
    });
    rows.push({
      what: 'server memory per open stream',
      measured: `${fmt(push.kibPerStream, 1)} KiB (JS heap ${fmt(push.heapKibPerStream, 1)})`,
      baseline: `server with half the streams ${fmt(push.anonHalf / 1024)} MiB`,
      ratio: '',
      goal: '≤ 8 KiB',
      met: push.kibPerStream <= 8,
    });
    console.log('');
    if (streamCount < wantedStreams) {
      console.log(
        `only ${fmt(streamCount)} streams: the open-file limit is ${fileLimit} and cannot be raised here (root with CAP_SYS_RESOURCE can, or ulimit -n before the run)`,
      );
    }
    printRows(rows);
    console.log(`load average at end ${load()}; ratios are medians of per-round ratios`);
  } finally {
    await env.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
