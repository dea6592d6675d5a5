/**
 * The defaults of a development machine, in one place for every app (the zero-dependency
 * bootstrap, scripts/db-ensure.mjs, repeats the URL; a test keeps the two equal).
 */
export const DEFAULT_DATABASE_URL = 'mysql://root@127.0.0.1:3306/tagtime';

/**
 * The console's service credential at the log server (the server's ADMIN_TOKEN) when none is
 * set: for development only (the server says so when it starts with it).
 */
export const DEV_SERVICE_TOKEN = 'dev-admin-token-change-me';

/** The database URL to use: the argument, else DATABASE_URL, else the local default. */
export function databaseUrl(url?: string): string {
  return url ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
}

/** The database name of a mysql:// URL, checked to be safe to quote as an identifier. */
export function databaseName(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`DATABASE_URL "${url}" is not a URL like ${DEFAULT_DATABASE_URL}.`);
  }
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]{1,64}$/.test(name)) {
    throw new Error(`DATABASE_URL must name a database of letters, digits and _ (got "${name}").`);
  }
  return name;
}

/** The same URL with another database name (the server part is kept as is). */
export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}
