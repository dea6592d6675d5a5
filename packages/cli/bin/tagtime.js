#!/usr/bin/env node
// The `tagtime` command. This file is committed (the build output is not), so npm links
// node_modules/.bin/tagtime when it installs, before anything is built; `npx tagtime` then runs
// this and never asks the registry for a package of that name.
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error(
    'tagtime: the CLI is not built yet; run `npm start` or `npm run build` in the repository first',
  );
  process.exit(1);
}
await import(main.href);
