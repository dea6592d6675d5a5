// npm run billing:run [-- --at 2026-12-01T00:00:00Z] — the billing run as a command (cron it
// daily): renews due periods, issues invoices, marks overdue subscriptions; prints progress and a
// summary, exits non-zero on failure.
import { runBilling } from '../src/billing/billing-run.js';
import { createDb } from '../src/client.js';
import { databaseName, databaseUrl } from '../src/config.js';
import { log, runCli } from './cli.js';

const atIndex = process.argv.indexOf('--at');
const at = atIndex > 0 ? new Date(process.argv[atIndex + 1] ?? '') : new Date();

await runCli(async () => {
  if (Number.isNaN(at.getTime())) {
    throw new Error('billing:run: --at needs an ISO date, e.g. --at 2026-12-01T00:00:00Z');
  }
  const url = databaseUrl();
  const { db, close } = createDb(url);
  try {
    log(`billing run at ${at.toISOString()} on database "${databaseName(url)}"`);
    const report = await runBilling(db, at, (line) => log(`  ${line}`));
    log(JSON.stringify(report));
  } finally {
    await close();
  }
});
