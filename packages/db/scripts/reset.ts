// npm run db:reset — drops the database of DATABASE_URL, recreates it and applies every
// migration. Refuses when NODE_ENV is production. Follow with `npm run db:seed` for demo data.
import mysql from 'mysql2/promise';
import { databaseName, databaseUrl, withDatabase } from '../src/config.js';
import { migrate } from '../src/migrate.js';
import { log, runCli } from './cli.js';
import { ensureServer } from './ensure-server.js';

await runCli(async () => {
  if (process.env.NODE_ENV === 'production') {
    throw new Error('db:reset drops every table; it refuses to run with NODE_ENV=production.');
  }
  const url = databaseUrl();
  const name = databaseName(url);
  await ensureServer(url);
  const connection = await mysql.createConnection({ uri: withDatabase(url, '') });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await connection.end();
  }
  log(`dropped database "${name}".`);
  await ensureServer(url);
  await migrate(url);
  log(`recreated database "${name}" and applied every migration.`);
});
