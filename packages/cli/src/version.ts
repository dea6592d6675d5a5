import { readFileSync } from 'node:fs';

/** This CLI's version, from its package.json (the same path from src/ and from dist/). */
export const VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;
