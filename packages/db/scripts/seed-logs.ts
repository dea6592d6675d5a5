// npm run db:seed-logs — sends the demo devices' log (a few weeks of answers, events, errors)
// through the running log server (LOG_SERVER_URL, default http://127.0.0.1:$PORT or :8787),
// waiting up to a minute for it to answer. Idempotent: a second run adds nothing.
import { seedDemoLogs } from '../src/seed/demo-logs.js';
import { log, runCli } from './cli.js';

const serverUrl = (
  process.env.LOG_SERVER_URL ?? `http://127.0.0.1:${process.env.PORT ?? 8787}`
).replace(/\/$/, '');

async function waitForServer(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let problem = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${serverUrl}/healthz`);
      if (response.ok) return;
      problem = `/healthz answered ${response.status}`;
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the log server at ${serverUrl} is not up (${problem}); start it first.`);
}

await runCli(async () => {
  await waitForServer(60_000);
  for (const report of await seedDemoLogs(serverUrl)) {
    log(
      `demo log of ${report.device}: ${report.accepted} records added, ${report.skipped} already there`,
    );
  }
});
