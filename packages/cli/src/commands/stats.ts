import { type TagStatistics, type TagTotal, tagStatistics } from '@tagtime/log';
import { seconds } from '../clock.js';
import { type CliEnv, withStore } from '../context.js';
import type { LmdbStore } from '../store/lmdb-store.js';
import { tagTable } from '../ui/chart.js';
import { formatPingTime, localZone } from '../ui/format.js';

/** All-time totals come folded from the store; a period is counted from its answers alone. */
function statsOf(
  store: LmdbStore,
  timeZone: string,
  from: number | undefined,
  to: number,
): Pick<TagStatistics, 'pings' | 'gap' | 'tags'> {
  const gap = store.schedule().gap;
  if (from !== undefined) {
    return tagStatistics(store.answers({ from, to }), { timeZone, gap, from, to });
  }
  const totals = store.tagTotals();
  const tags: TagTotal[] = [...totals.tags]
    .map(([tag, count]) => ({ tag, count, seconds: count * gap }))
    .sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : 1));
  return { pings: totals.pings, gap, tags };
}

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
    const stats = statsOf(store, zone, from, to);
    const period =
      from === undefined ? 'all time' : `since ${formatPingTime(from, zone)} (last ${days} days)`;
    console.log(
      `${stats.pings} answered ping${stats.pings === 1 ? '' : 's'}, ${period}; one ping ≈ ${stats.gap / 60} min`,
    );
    for (const line of tagTable(stats.tags)) console.log(line);
  });
}
