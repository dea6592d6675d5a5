import cluster from 'node:cluster';
import { writeSync } from 'node:fs';
import type { Server } from 'node:http';
import { Worker } from 'node:worker_threads';

/** How long an orphaned worker lets the writes it is already answering finish. */
const GRACE_MS = 1_000;
/** The watchdog's deadline once it sees the primary gone: the grace and a margin for a busy core. */
const WATCHDOG_MS = 3_000;
const WATCHDOG_POLL_MS = 200;

/**
 * Ends this process at once, running nothing on the way out. While lmdb-js's write thread is in
 * a batch, it holds LMDB's write lock (shared by every process on the data folder) and waits
 * for this main thread to run the batch's callbacks. An exit from here never runs them, and
 * waits on that thread instead: lmdb-js's 'exit' handler closes the store and takes the write
 * thread's lock; Node's exit itself (process.exit and process.reallyExit alike) joins the
 * thread pool the write thread runs in. So the process hangs, and with it every other process,
 * a new server included, that needs the write lock. Only an uncatchable signal is sure to end
 * it. Nothing acknowledged is lost: an append is answered only after its commit is on disk.
 */
export function exitHard(reason: string): never {
  try {
    writeSync(2, `server process ${process.pid}: ${reason}\n`);
  } catch {
    // stderr gone too: exit all the same
  }
  process.kill(process.pid, 'SIGKILL');
  // SIGKILL to oneself is delivered before kill() returns to this thread.
  throw new Error('unreachable');
}

/**
 * A cluster worker must not outlive its primary: no new connection can reach it (the primary
 * held the listening socket), nothing supervises it, and a new server on the same data folder
 * must be able to start. Node's cluster code would call process.exit on the primary's
 * disconnect, and so run lmdb-js's closing exit handler (see exitHard); instead the worker
 * answers the writes in flight for a short grace and then exits hard.
 *
 * Called first thing in a worker, so a primary that dies while the worker opens its store is
 * covered too; `answering` then names the server whose writes get the grace. A watchdog thread
 * watches the parent pid as well, so the worker dies even when its main thread is blocked in
 * native code and never sees the disconnect.
 */
export function exitWithPrimary(): { answering: (server: Server) => void } {
  const worker = cluster.worker;
  if (worker === undefined) return { answering: () => {} };
  startWatchdog();

  let server: Server | undefined;
  // A write's answer tells its client what is stored; reads and streams can simply be redone.
  let writing = 0;
  let orphaned = false;
  const becomeOrphan = () => {
    if (orphaned) return;
    orphaned = true;
    // Node's own disconnect listener runs next and calls process.exit unless this says the
    // disconnect was expected; the exit is ours to do.
    worker.exitedAfterDisconnect = true;
    const deadline = Date.now() + GRACE_MS;
    const check = setInterval(() => {
      // Idle keep-alive connections go, so their clients stop sending here.
      server?.closeIdleConnections();
      if (writing === 0 || Date.now() >= deadline) {
        clearInterval(check);
        exitHard(`the cluster primary is gone; exiting (${writing} writes unanswered)`);
      }
    }, 20);
  };
  // Our primary never disconnects a worker itself (it signals them), so this is its death.
  worker.on('disconnect', becomeOrphan);
  // A message to a primary that just died (the ack of a connection it handed over) fails with
  // EPIPE before the disconnect is seen. Unheard, that error was uncaught: the process began
  // its exit, hung in lmdb-js's exit handler (see exitHard) with its watchdog thread already
  // stopped, and held the data folder's write lock for good.
  worker.on('error', (error: NodeJS.ErrnoException) => {
    try {
      writeSync(
        2,
        `server process ${process.pid}: the channel to the primary failed (${error.code ?? error.message})\n`,
      );
    } catch {
      // stderr gone: the exit below says nothing either
    }
    becomeOrphan();
  });
  // Anything else that ends an orphan (an uncaught error, a signal's graceful close) would run
  // the same exit handler: exit hard before it does.
  process.prependListener('exit', () => {
    if (orphaned) exitHard('the cluster primary is gone; exiting');
  });

  return {
    answering: (answering) => {
      server = answering;
      answering.on('request', (req, res) => {
        if (req.method === 'GET' || req.method === 'HEAD') return;
        writing++;
        res.once('close', () => writing--);
      });
    },
  };
}

/**
 * A thread of its own that outlives a blocked main thread: once the parent pid changes (the
 * primary died and the worker was re-parented), it gives the main thread its grace and then
 * kills the process.
 */
function startWatchdog(): void {
  const code = `
    const { workerData } = require('node:worker_threads');
    const poll = setInterval(() => {
      if (process.ppid === workerData.primary) return;
      clearInterval(poll);
      setTimeout(() => {
        try {
          require('node:fs').writeSync(2, 'server process ' + process.pid +
            ': the cluster primary is gone and the worker did not exit; killing it\\n');
        } catch {}
        process.kill(process.pid, 'SIGKILL');
      }, workerData.deadline);
    }, workerData.poll);
  `;
  const watchdog = new Worker(code, {
    eval: true,
    workerData: { primary: process.ppid, deadline: WATCHDOG_MS, poll: WATCHDOG_POLL_MS },
    // Plain JavaScript: none of the loaders the main thread was started with.
    execArgv: [],
  });
  // A watchdog that fails leaves the worker as it was before: said, not fatal.
  watchdog.on('error', (error) => console.error('the primary watchdog failed:', error));
  watchdog.unref();
}
