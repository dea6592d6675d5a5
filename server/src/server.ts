import { buildApp } from './app.js';
import { ConfigError, describeConfig, loadConfig } from './config.js';
import { isUnawaitedCommitFailure } from './store/storage-failure.js';

/** Launches the server: listen, print where and with what, close gracefully on a signal. */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = await buildApp({ config });
  const url = await app.listen({ port: config.port, host: config.host });
  for (const line of describeConfig(config, url)) console.log(line);

  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: closing`);
    const timer = setTimeout(() => {
      console.error('graceful close took over 10 s; exiting');
      process.exit(1);
    }, 10_000);
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
