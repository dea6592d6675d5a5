import { writeFile } from 'node:fs/promises';
import { writeTagTimeLog } from '@tagtime/log/core';
import { type CliEnv, withStore } from '../context.js';
import { localZone } from '../ui/format.js';

/** `tagtime export [-o file]`: the merged answers in the original TagTime log format. */
export async function exportCommand(env: CliEnv, options: { output?: string }): Promise<void> {
  await withStore(env, async ({ store }) => {
    const answers = [...store.answers()];
    const text = writeTagTimeLog(answers, { timeZone: localZone() });
    if (options.output) {
      await writeFile(options.output, text);
      console.error(`wrote ${answers.length} answers to ${options.output}`);
    } else {
      process.stdout.write(text);
    }
  });
}
