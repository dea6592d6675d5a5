// A cluster of one worker whose main thread blocks for good, as a worker stuck in native code
// (an LMDB lock) would: the primary's IPC disconnect never runs, so only exitWithPrimary's
// watchdog thread can end the orphan. Prints the worker's pid once it is blocked.
import cluster from 'node:cluster';
import { exitWithPrimary } from '../../src/cluster/orphan.js';

if (cluster.isPrimary) {
  const worker = cluster.fork();
  worker.on('message', (message) => {
    if (message === 'blocking') console.log(`blocked worker ${worker.process.pid}`);
  });
} else {
  exitWithPrimary();
  // A moment for the watchdog thread to start; then this thread never returns to its loop.
  setTimeout(() => {
    process.send?.('blocking', () => {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    });
  }, 500);
}
