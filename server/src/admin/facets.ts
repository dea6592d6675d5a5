import type { AdminFacets } from '@tagtime/log/protocol';
import { type KindCounts, kindOfJson } from '../store/bucket-counts.js';
import type { LogStore } from '../store/log-store.js';
import { logCandidates } from './candidates.js';
import { addCounts, countRange, total } from './counts.js';
import { hasText, type ResolvedQuery, recordMatcher } from './log-query.js';

/** Above this many records in range, facets leave the text out rather than read them all. */
export const MAX_TEXT_FACET_SCAN = 20_000;

/**
 * Facet counts of a query as log explorers show them: each facet counts what choosing one of
 * its values would give with the other filters kept. From the bucket counts, so exact and fast;
 * a text term needs the records themselves, read when the range holds few enough.
 * `allDevices` is every log of the user.
 */
export function facetCounts(
  store: LogStore,
  userId: string,
  query: ResolvedQuery,
  allDevices: readonly string[],
): AdminFacets {
  const matrix = new Map<string, KindCounts>();
  let inRange = 0;
  for (const device of allDevices) {
    const counts = countRange(store, userId, device, query.from, query.to);
    matrix.set(device, counts);
    inRange += total(counts);
  }
  const textApplied = hasText(query) && inRange <= MAX_TEXT_FACET_SCAN;
  if (textApplied) {
    const matches = recordMatcher({ ...query, kinds: undefined });
    for (const device of allDevices) {
      const counts: KindCounts = {};
      const scan = {
        from: query.from,
        to: query.to,
        direction: 'forward' as const,
        kinds: undefined,
      };
      for (const record of logCandidates(store, userId, device, scan, { scanned: 0 })) {
        if (!matches(record)) continue;
        const kind = kindOfJson(record.json);
        counts[kind] = (counts[kind] ?? 0) + 1;
      }
      matrix.set(device, counts);
    }
  }
  const chosen = new Set(query.devices);
  const kinds: KindCounts = {};
  const devices: Record<string, number> = {};
  let sum = 0;
  for (const [device, counts] of matrix) {
    devices[device] = total(counts, query.kinds);
    if (!chosen.has(device)) continue;
    addCounts(kinds, counts);
    sum += total(counts, query.kinds);
  }
  return {
    from: query.from,
    to: query.to,
    total: sum,
    kinds,
    devices,
    textApplied: textApplied || !hasText(query),
  };
}
