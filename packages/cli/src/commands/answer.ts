import { validateRecordFast } from '@tagtime/log/core';
import { seconds } from '../clock.js';
import { type CliEnv, withContext } from '../context.js';
import { recordIfLate } from '../diagnostics.js';
import { pushQuietly } from '../sync-note.js';
import { splitTags } from '../tags.js';
import { formatPingTime } from '../ui/format.js';

/**
 * Checks tags by the record rules, naming the first bad one. Tags that pass the validator's
 * fast path need no more; the zod schema (and zod) is loaded only to say what is wrong.
 */
export async function checkTags(tags: readonly string[]): Promise<string[]> {
  const probe = { device: 'cli', t: 0, kind: 'ping', body: { ping: 0, tags } };
  if (validateRecordFast(probe)) return [...tags];
  const { tagSchema } = await import('@tagtime/log');
  for (const tag of tags) {
    const result = tagSchema.safeParse(tag);
    if (!result.success) {
      throw new Error(
        `"${tag}" is not a valid tag: ${result.error.issues[0]?.message ?? 'invalid'}`,
      );
    }
  }
  return [...tags];
}

/** `tagtime answer <ping> <tags…>`: answers one ping of the user's schedule. */
export async function answerCommand(
  env: CliEnv,
  pingText: string,
  words: string[],
  options: { note?: string },
): Promise<void> {
  const tags = splitTags(words);
  if (tags.length === 0) throw new Error('give at least one tag');
  const ping = Number(pingText);
  if (!/^\d+$/.test(pingText) || !Number.isSafeInteger(ping)) {
    throw new Error(`"${pingText}" is not a ping time; give it in unix seconds, e.g. 1700003368`);
  }
  await checkTags(tags);
  if (ping > seconds(env.now())) {
    throw new Error(
      `${ping} (${formatPingTime(ping)}) is still to come; a ping is answered once it has rung`,
    );
  }
  await withContext(env, async (ctx) => {
    const { client, store } = ctx;
    const schedule = store.schedule();
    if (schedule.nextPing(ping - 1) !== ping) {
      const before = schedule.prevPing(ping);
      const after = schedule.nextPing(ping);
      throw new Error(
        `${ping} is not a ping of your schedule; the nearest are ${before} and ${after}`,
      );
    }
    const body = options.note === undefined ? { ping, tags } : { ping, tags, note: options.note };
    await recordIfLate(ctx, env.now(), [ping], false);
    await client.append([{ kind: 'ping', body }]);
    console.log(`${formatPingTime(ping)}  ${tags.join(' ')}`);
    console.log(await pushQuietly(client));
  });
}
