// A cluster of one worker that writes to its primary's IPC channel in the moment after the
// primary died, before it has read the channel's end: the EPIPE comes before any disconnect,
// as when a primary killed mid-ingest had just handed the worker a connection. Prints the
// worker's pid once it waits; the test kills the primary then.
import cluster from 'node:cluster';
import { exitWithPrimary } from '../../src/cluster/orphan.js';

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

if (cluster.isPrimary) {
  const worker = cluster.fork();
  worker.on('message', (message) => {
    if (message === 'waiting') console.log(`waiting worker ${worker.process.pid}`);
  });
} else {
  exitWithPrimary();
  const primary = process.ppid;
  setTimeout(() => {
    process.send?.('waiting', () => {
      // This thread does not return to its event loop until the primary is gone, so the
      // channel's end is not read before the write below fails.
      while (process.ppid === primary) sleep(10);
      process.send?.('too late');
    });
  }, 500);
}
