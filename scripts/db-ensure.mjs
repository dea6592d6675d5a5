#!/usr/bin/env node
// Makes sure the MariaDB of DATABASE_URL answers and its database exists: starts a local
// mariadbd when nothing listens and the binary is installed, then CREATE DATABASE IF NOT EXISTS.
// Usage: node scripts/db-ensure.mjs   (DATABASE_URL defaults to mysql://root@127.0.0.1:3306/tagtime)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const DEFAULT_DATABASE_URL = 'mysql://root@127.0.0.1:3306/tagtime';
const MARIADBD = process.env.MARIADBD ?? '/usr/sbin/mariadbd';

export function parseDatabaseUrl(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`DATABASE_URL "${url}" is not a URL like ${DEFAULT_DATABASE_URL}.`);
  }
  if (parsed.protocol !== 'mysql:' && parsed.protocol !== 'mariadb:') {
    throw new Error(`DATABASE_URL must start with mysql:// (got "${parsed.protocol}//").`);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]{1,64}$/.test(database)) {
    throw new Error(
      `DATABASE_URL must name a database of letters, digits and _ (got "${database}").`,
    );
  }
  return {
    host: parsed.hostname || '127.0.0.1',
    port: Number(parsed.port || 3306),
    user: decodeURIComponent(parsed.username || 'root'),
    password: decodeURIComponent(parsed.password),
    database,
  };
}

async function connect(mysql, config) {
  const { database: _database, ...server } = config;
  return mysql.createConnection({ ...server, connectTimeout: 3000 });
}

function isLocal(host) {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1';
}

function startMariadb() {
  const result = spawnSync(
    'start-stop-daemon',
    ['--start', '--oknodo', '--background', '--exec', MARIADBD],
    { stdio: 'inherit' },
  );
  return result.status === 0;
}

/** Returns the parsed config once the database exists; throws one clear sentence otherwise. */
export async function ensureDatabase(
  url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
  io = console,
) {
  const config = parseDatabaseUrl(url);
  const { default: mysql } = await import('mysql2/promise');
  let connection;
  try {
    connection = await connect(mysql, config);
  } catch (firstError) {
    const refused = firstError?.code === 'ECONNREFUSED';
    // A local mariadbd listens on its configured port, 3306: starting it helps only there.
    const startable = refused && isLocal(config.host) && config.port === 3306;
    if (!startable || !existsSync(MARIADBD)) {
      const why = !startable
        ? 'and it is not a local server on port 3306 that this script could start'
        : `and cannot start one here (${MARIADBD} is not installed)`;
      throw new Error(
        `Cannot reach MariaDB at ${config.host}:${config.port} (${firstError?.code ?? firstError?.message}) ${why}.`,
      );
    }
    io.log(`[tagtime] MariaDB is not running; starting ${MARIADBD}…`);
    if (!startMariadb()) {
      throw new Error(`MariaDB is not running and starting ${MARIADBD} failed.`);
    }
    const deadline = Date.now() + 30_000;
    while (!connection) {
      try {
        connection = await connect(mysql, config);
      } catch (error) {
        if (Date.now() > deadline) {
          throw new Error(
            `Started ${MARIADBD}, but it did not accept connections at ${config.host}:${config.port} within 30 s (${error?.code}).`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${config.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await connection.end();
  }
  return config;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  ensureDatabase().then(
    (config) =>
      console.log(
        `[tagtime] database "${config.database}" is ready at ${config.host}:${config.port}.`,
      ),
    (error) => {
      console.error(`[tagtime] ${error.message}`);
      process.exit(1);
    },
  );
}
