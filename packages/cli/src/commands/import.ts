import { readFile } from 'node:fs/promises';
import {
  isNewTagTimeLine,
  parseTagTimeLog,
  type TagTimeLine,
  TagTimeLogError,
  tagTimeImport,
} from '@tagtime/log/core';
import { type CliEnv, withContext } from '../context.js';
import { record } from '../diagnostics.js';
import { pushQuietly } from '../sync-note.js';
import { ProgressBar } from '../ui/progress.js';

const CHUNK = 500;

/** Whether a line adds something to the view (@tagtime/log's rule, shared with the console). */
export const lineIsNew = isNewTagTimeLine;

/** `tagtime import <file>`: answers from an original TagTime log; idempotent. */
export async function importCommand(env: CliEnv, file: string): Promise<void> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new Error(
      `cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`,
    );
  });
  let lines: TagTimeLine[];
  try {
    lines = parseTagTimeLog(text);
  } catch (error) {
    if (error instanceof TagTimeLogError) {
      const n = error.errors.length;
      throw new Error(
        `${file} has ${n} bad line${n === 1 ? '' : 's'}; nothing was imported:\n` +
          error.errors
            .slice(0, 20)
            .map((e) => `  ${file}:${e.line}: ${e.message}`)
            .join('\n') +
          (n > 20 ? `\n  …and ${n - 20} more` : ''),
      );
    }
    throw error;
  }
  await withContext(env, async (ctx) => {
    const { client, store } = ctx;
    const { drafts, kept } = tagTimeImport(store, lines);
    const progress = new ProgressBar(`importing ${file}`, drafts.length);
    for (let i = 0; i < drafts.length; i += CHUNK) {
      await client.append(drafts.slice(i, i + CHUNK));
      progress.update(Math.min(drafts.length, i + CHUNK));
    }
    progress.done();
    await record(ctx, env.now(), {
      kind: 'event',
      name: 'import-done',
      data: { format: 'tagtime', lines: lines.length, imported: drafts.length, kept },
    });
    console.log(
      `imported ${drafts.length} of ${lines.length} answers from ${file}` +
        (kept > 0 ? `; ${kept} pings already had an answer and were kept` : ''),
    );
    if (drafts.length > 0) console.log(await pushQuietly(client));
  });
}
