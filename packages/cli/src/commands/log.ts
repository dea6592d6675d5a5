import { tagTimeComment } from '@tagtime/log';
import pc from 'picocolors';
import { seconds } from '../clock.js';
import { type CliEnv, withContext } from '../context.js';
import { deviceLabels } from '../device-names.js';
import { deviceColor, formatPingTime, localZone } from '../ui/format.js';
import { parseSince } from './when.js';

/** `tagtime log [--since]`: the merged answers, coloured by the device that gave them. */
export async function logCommand(env: CliEnv, options: { since?: string }): Promise<void> {
  const zone = localZone();
  const from = parseSince(options.since ?? '1d', seconds(env.now()), zone);
  await withContext(env, async (ctx) => {
    const { client } = ctx;
    const label = await deviceLabels(ctx);
    const answers = (await client.view({ timeZone: zone })).answers().filter((a) => a.ping >= from);
    if (answers.length === 0) {
      console.log(`no answers since ${formatPingTime(from, zone)}`);
      return;
    }
    for (const a of answers) {
      const tags = a.tags.length > 0 ? a.tags.join(' ') : pc.dim('(no tags)');
      const note = a.note ? pc.dim(` ${tagTimeComment(a.note)}`) : '';
      const line = `${formatPingTime(a.ping, zone)}  ${a.auto ? pc.dim(tags) : tags}${note}`;
      console.log(`${line}  ${deviceColor(a.device)(label(a.device))}`);
    }
  });
}
