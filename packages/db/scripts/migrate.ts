// npm run db:migrate — creates the database of DATABASE_URL if needed, applies new migrations.
import { databaseName, databaseUrl } from '../src/config.js';
import { migrate } from '../src/migrate.js';
import { log, runCli } from './cli.js';
import { ensureServer } from './ensure-server.js';

await runCli(async () => {
  const url = databaseUrl();
  await ensureServer(url);
  await migrate(url);
  log(`database "${databaseName(url)}" is migrated to the latest schema.`);
});
