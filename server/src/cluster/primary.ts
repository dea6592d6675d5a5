import cluster, { type Worker } from 'node:cluster';
import { describeConfig, type ServerConfig } from '../config.js';
import { openLmdbStore } from '../store/open-store.js';
import { StreamLimits } from '../stream/stream-limits.js';
import { serveStreamCaps } from './shared-stream-caps.js';

/** A worker that does not close within this after SIGTERM is killed. */
const CLOSE_GRACE_MS = 12_000;

/**
 * `WORKERS=N`: this process forks N server workers that share the listening port (node:cluster
 * hands each new connection to the next worker), counts the stream caps for all of them, and
 * passes SIGTERM/SIGINT on. Every worker opens the same LMDB environment (lmdb-js supports
 * several processes on one machine) and the same NATS broker, which carries each append's event
 * to the streams of every worker. Before any is forked the primary opens the store once, so the
 * users' kept views are brought up to date here, once, with its progress printed; the workers
 * are forked one after another, each once the previous one listens, so a store that needs
 * indexing at open is indexed by the first alone.
 *
 * A worker that dies is replaced; one that dies before it ever listened stops the server (a
 * configuration or storage problem that a new worker would only repeat).
 */
export async function runPrimary(config: ServerConfig): Promise<void> {
  const store = openLmdbStore(config, (_level, line) => console.error(line));
  await store.close();
  const limits = new StreamLimits(config.streams);
  let closing = false;

  const fork = (): Promise<{ worker: Worker; url: string }> =>
    new Promise((resolve, reject) => {
      const worker = cluster.fork();
      serveStreamCaps(worker, limits);
      let listening = false;
      worker.once('listening', (address) => {
        listening = true;
        resolve({ worker, url: `http://${address.address}:${address.port}` });
      });
      worker.once('exit', (code, signal) => {
        if (!listening) {
          reject(new Error(`a server worker exited (${signal ?? code}) before it listened`));
        } else if (!closing) {
          console.error(
            `server worker ${worker.process.pid} exited (${signal ?? code}); replacing it`,
          );
          fork().catch(stop);
        }
      });
    });

  const stop = (error: unknown) => {
    console.error('tagtime server failed:', error);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    process.exit(1);
  };

  const started: Worker[] = [];
  let url = '';
  for (let i = 0; i < config.workers; i++) {
    const { worker, url: at } = await fork();
    started.push(worker);
    url = at;
  }
  // One write: whoever waits for the URL gets the workers' pids with it.
  const pids = started.map((worker) => worker.process.pid).join(' ');
  console.log([...describeConfig(config, url), `  worker pids   ${pids}`].join('\n'));

  const close = async (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
    const exited = workers.map(
      (worker) => new Promise<void>((resolve) => worker.process.once('exit', () => resolve())),
    );
    for (const worker of workers) worker.process.kill(signal);
    const timer = setTimeout(() => {
      console.error('server workers took over 12 s to close; killing them');
      for (const worker of workers) worker.process.kill('SIGKILL');
    }, CLOSE_GRACE_MS);
    timer.unref();
    await Promise.all(exited);
    process.exit(0);
  };
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));
}
