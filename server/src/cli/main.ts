#!/usr/bin/env node
import { runCli } from './run.js';

runCli(process.argv.slice(2)).then(
  ({ output, exitCode }) => {
    const text = typeof output === 'string' ? output : JSON.stringify(output, null, 2);
    (exitCode === 2 ? process.stderr : process.stdout).write(`${text}\n`);
    process.exitCode = exitCode;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
