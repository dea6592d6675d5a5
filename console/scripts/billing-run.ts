// `npm run billing:run -w @tagtime/console [-- --at 2026-12-01T00:00:00Z]`: the billing run as a
// command (cron it daily); prints progress and a summary, exits non-zero on failure.
import { createDb } from '@tagtime/db';
import { runBilling } from '../src/lib/billing/engine';

const atIndex = process.argv.indexOf('--at');
const at = atIndex > 0 ? new Date(process.argv[atIndex + 1] ?? '') : new Date();
if (Number.isNaN(at.getTime())) {
  console.error('billing:run: --at needs an ISO date, e.g. --at 2026-12-01T00:00:00Z');
  process.exit(2);
}
const handle = createDb(process.env.DATABASE_URL);
try {
  console.log(`billing:run at ${at.toISOString()}`);
  const report = await runBilling(handle.db, at, (line) => console.log(`  ${line}`));
  console.log(JSON.stringify(report));
} catch (error) {
  console.error(`billing:run failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await handle.close();
}
