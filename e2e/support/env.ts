// One fresh database and fixed loopback ports per run, shared by the config, the setup and
// the workers (they inherit the runner's environment).
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.E2E_DATABASE ??= `tagtime_e2e_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
process.env.E2E_CONSOLE_PORT ??= '3917';
process.env.E2E_SERVER_PORT ??= '3918';
process.env.E2E_DATA_DIR ??= join(tmpdir(), `${process.env.E2E_DATABASE}-logs`);

const serverUrl = new URL(process.env.E2E_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306/');

export const E2E_DATABASE = process.env.E2E_DATABASE;
export const DATABASE_URL = new URL(`/${E2E_DATABASE}`, serverUrl).toString();
export const CONSOLE_PORT = Number(process.env.E2E_CONSOLE_PORT);
export const CONSOLE_URL = `http://127.0.0.1:${CONSOLE_PORT}`;
export const SERVER_PORT = Number(process.env.E2E_SERVER_PORT);
export const SERVER_URL = `http://127.0.0.1:${SERVER_PORT}`;
export const DATA_DIR = process.env.E2E_DATA_DIR;
// Secrets made for this run, as `npm start` makes them per install: none is in the source.
process.env.E2E_NEXTAUTH_SECRET ??= randomBytes(32).toString('base64url');
process.env.E2E_ADMIN_TOKEN ??= randomBytes(32).toString('base64url');
export const NEXTAUTH_SECRET = process.env.E2E_NEXTAUTH_SECRET;
export const ADMIN_TOKEN = process.env.E2E_ADMIN_TOKEN;
