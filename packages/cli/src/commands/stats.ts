import { seconds } from '../clock.js';
import { type CliEnv, withStore } from '../context.js';
import { tagTable } from '../ui/chart.js';
import { formatPingTime, localZone } from '../ui/format.js';

/** `tagtime stats [--week|--month]`: hours per tag (pings × gap) with a bar chart. */
export async function statsCommand(
  env: CliEnv,
  options: { week?: boolean; month?: boolean },
): Promise<void> {
  if (options.week && options.month) throw new Error('choose one of --week and --month');
  const zone = localZone();
  const to = seconds(env.now()) + 1;
  const days = options.week ? 7 : options.month ? 30 : undefined;
  const from = days === undefined ? undefined : to - days * 86400;
  await withStore(env, async ({ store }) => {
    // All time is every answer; a period ends now.
    const stats = store.stats(
      from === undefined ? { timeZone: zone } : { timeZone: zone, from, to },
    );
    const period =
      from === undefined ? 'all time' : `since ${formatPingTime(from)} (last ${days} days)`;
    console.log(
      `${stats.pings} answered ping${stats.pings === 1 ? '' : 's'}, ${period}; one ping ≈ ${stats.gap / 60} min`,
    );
    for (const line of tagTable(stats.tags)) console.log(line);
  });
}
