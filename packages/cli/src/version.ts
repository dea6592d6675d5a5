import { readFileSync } from 'node:fs';

/** Set by the bundle (scripts/build.mjs) to package.json's version; absent when run from src/. */
declare const TAGTIME_VERSION: string | undefined;

/** This CLI's version, from its package.json. */
export const VERSION =
  typeof TAGTIME_VERSION === 'string'
    ? TAGTIME_VERSION
    : (
        JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
          version: string;
        }
      ).version;
