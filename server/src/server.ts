import cluster from 'node:cluster';
import { buildApp } from './app.js';
import { exitHard, exitWithPrimary } from './cluster/orphan.js';
import { runPrimary } from './cluster/primary.js';
import { PrimaryStreamCaps } from './cluster/shared-stream-caps.js';
import { ConfigError, describeConfig, loadConfig, type ServerConfig } from './config.js';
import { isUnawaitedCommitFailure } from './store/storage-failure.js';

/**
 * Launches the server: listen, print where and with what, close gracefully on a signal. With
 * `WORKERS` > 1 this process is the cluster primary (cluster/primary.ts) and each worker runs
 * `serve` on the shared port.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.workers > 1 && cluster.isPrimary) await runPrimary(config);
  else await serve(config);
}

async function serve(config: ServerConfig): Promise<void> {
  // Before the store opens: a worker whose primary dies ends with it, even while starting.
  const orphan = exitWithPrimary();
  const app = await buildApp({
    config,
    ...(cluster.isWorker ? { streamLimits: new PrimaryStreamCaps() } : {}),
  });
  orphan.answering(app.server);
  const url = await app.listen({ port: config.port, host: config.host });
  app.pushSender?.start();
  // A worker's primary says where the cluster listens, once all workers do.
  if (cluster.isPrimary) for (const line of describeConfig(config, url)) console.log(line);

  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: closing`);
    // A close stuck that long may be stuck on the store's write thread, which process.exit
    // would wait on again (see exitHard).
    const timer = setTimeout(() => exitHard('graceful close took over 10 s; exiting'), 10_000);
    timer.unref();
    try {
      await app.close();
      process.exit(0);
    } catch (error) {
      console.error(error);
      process.exit(1);
    }
  };
  process.on('unhandledRejection', (reason) => {
    // lmdb-js leaves a failed commit's own promise unawaited; the append it failed has been
    // answered (507/503) already, so it must not end the process. Anything else does.
    if (isUnawaitedCommitFailure(reason)) {
      app.log.warn({ err: reason }, 'a failed commit, answered already');
      return;
    }
    throw reason;
  });
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));
}

main().catch((error: unknown) => {
  // A configuration mistake is one sentence for the operator; anything else keeps its stack.
  if (error instanceof ConfigError) console.error(`tagtime server cannot start: ${error.message}`);
  else console.error('tagtime server failed to start:', error);
  process.exit(1);
});
