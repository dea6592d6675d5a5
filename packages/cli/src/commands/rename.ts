import { type CliEnv, withContext } from '../context.js';
import { pushQuietly } from '../sync-note.js';
import { nearestTags } from '../tags.js';
import { checkTags } from './answer.js';

export interface RenameOptions {
  /** Rename even when no answer has the tag (e.g. ahead of answers another device will send). */
  force?: boolean;
}

/** `tagtime rename <from> <to>`: a command record; old answers stay as they were written. */
export async function renameCommand(
  env: CliEnv,
  from: string,
  to: string,
  options: RenameOptions = {},
): Promise<void> {
  await checkTags([from, to]);
  if (from === to) throw new Error(`renaming "${from}" to itself changes nothing`);
  await withContext(env, async ({ client, store }) => {
    const tags = store.stats().tags;
    const uses = tags.find((total) => total.tag === from)?.count ?? 0;
    if (uses === 0 && !options.force) {
      const near = nearestTags(from, tags);
      throw new Error(
        `no answer has the tag "${from}"${near.length > 0 ? `; the nearest: ${near.join(', ')}` : ''}. ` +
          'Nothing was renamed (--force renames it anyway).',
      );
    }
    await client.append([{ kind: 'command', body: { op: 'rename-tag', from, to } }]);
    console.log(`renamed "${from}" to "${to}" in ${uses} answer${uses === 1 ? '' : 's'}`);
    console.log(await pushQuietly(client));
  });
}
