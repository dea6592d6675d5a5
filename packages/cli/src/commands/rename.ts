import { type CliEnv, withContext } from '../context.js';
import { pushQuietly } from '../sync-note.js';
import { checkTags } from './answer.js';

/** `tagtime rename <from> <to>`: a command record; old answers stay as they were written. */
export async function renameCommand(env: CliEnv, from: string, to: string): Promise<void> {
  await checkTags([from, to]);
  if (from === to) throw new Error(`renaming "${from}" to itself changes nothing`);
  await withContext(env, async ({ client, store }) => {
    const uses = store.stats().tags.find((total) => total.tag === from)?.count ?? 0;
    await client.append([{ kind: 'command', body: { op: 'rename-tag', from, to } }]);
    console.log(`renamed "${from}" to "${to}" in ${uses} answer${uses === 1 ? '' : 's'}`);
    console.log(await pushQuietly(client));
  });
}
