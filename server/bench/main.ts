// `npm run bench -w @tagtime/server`: the server's speed against baselines measured in the same
// run on this machine, loopback only. Bounded to a few minutes; BENCH_SCALE=0.1 for a quick run.
import { benchIngest } from './ingest.js';
import { benchPull } from './pull.js';
import { benchPush } from './push.js';
import { benchEnv, fmt } from './setup.js';

const scale = Number(process.env.BENCH_SCALE ?? 1);

function verdict(ok: boolean): string {
  return ok ? 'goal met' : 'GOAL MISSED';
}

async function main(): Promise<void> {
  const env = await benchEnv();
  try {
    const server = await env.startServer();
    console.log(`server ${server.url} (pid ${server.child.pid}), data in ${env.dataDir}`);
    const ingest = await benchIngest(env, server, Math.max(1, Math.round(15 * scale)));
    const pull = await benchPull(
      env,
      server,
      Math.max(10_000, Math.round((1_000_000 * scale) / 10_000) * 10_000),
    );
    const push = await benchPush(
      env,
      server,
      50,
      Math.max(2, Math.round(100 * scale)),
      Math.max(20, Math.round(100 * scale)),
    );

    const vsLmdb = ingest.httpPerSec / ingest.lmdbPerSec;
    const vsNats = ingest.natsPerSec ? ingest.httpPerSec / ingest.natsPerSec : undefined;
    const vsScan = pull.httpPerSec / pull.scanPerSec;
    console.log('');
    console.log('result                                              ratio   goal');
    console.log(
      `ingest HTTP vs raw LMDB puts                        ${fmt(vsLmdb, 2)}×   ≥ 0.4×  ${verdict(vsLmdb >= 0.4)}`,
    );
    console.log(
      vsNats === undefined
        ? 'ingest HTTP vs JetStream publish                    n/a     ≥ 1×    (NATS unreachable)'
        : `ingest HTTP vs JetStream publish                    ${fmt(vsNats, 2)}×   ≥ 1×    ${verdict(vsNats >= 1)}`,
    );
    console.log(
      `pull HTTP (merged, 10 logs) vs raw LMDB range scan  ${fmt(vsScan, 2)}×   ≥ 0.5×  ${verdict(vsScan >= 0.5)}`,
    );
    console.log(
      `push p99 append→event with ${fmt(push.streams)} streams      ${fmt(push.p99, 1)} ms  ≤ 20 ms ${verdict(push.p99 <= 20)}`,
    );
    console.log(
      `server memory with ${fmt(push.streams)} streams             ${fmt(push.rssWith)} MiB (${fmt(push.rssWith - push.rssBefore)} MiB for the streams)`,
    );
  } finally {
    await env.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
