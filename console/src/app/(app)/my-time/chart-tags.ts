/**
 * Which tags the My time chart names and in which colour. A tag keeps its colour in Days, Weeks
 * and Months alike: the colour follows the person's overall ranking of tags (all their answers),
 * never the rank inside one view; tags past the palette get a colour from their name.
 */

/** Colours of the person's overall top tags, in rank order. */
export const TOP_PALETTE = [
  '#2563eb',
  '#16a34a',
  '#d97706',
  '#9333ea',
  '#0891b2',
  '#dc2626',
  '#65a30d',
  '#db2777',
  '#4f46e5',
  '#0d9488',
  '#ca8a04',
  '#7c3aed',
] as const;

/** Colours for the rest, chosen by a hash of the tag's name (darker and lighter tones). */
export const NAME_PALETTE = [
  '#1e40af',
  '#166534',
  '#9a3412',
  '#6b21a8',
  '#155e75',
  '#991b1b',
  '#3f6212',
  '#9d174d',
  '#60a5fa',
  '#4ade80',
  '#fb923c',
  '#c084fc',
] as const;

export const OTHER_TAG = 'other';
export const OTHER_COLOR = '#94a3b8';

/** The most of a bar "other" may hold: past it a bar says too little about where time went. */
export const OTHER_SHARE_LIMIT = 0.2;

function nameHash(tag: string): number {
  // FNV-1a: tiny, stable across runs and processes.
  let hash = 0x811c9dc5;
  for (let i = 0; i < tag.length; i++) {
    hash ^= tag.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The colour of `tag`, given the person's tags ranked over all their answers. */
export function tagColor(tag: string, overallRank: ReadonlyMap<string, number>): string {
  if (tag === OTHER_TAG) return OTHER_COLOR;
  const rank = overallRank.get(tag);
  if (rank !== undefined && rank < TOP_PALETTE.length) return TOP_PALETTE[rank] as string;
  return NAME_PALETTE[nameHash(tag) % NAME_PALETTE.length] as string;
}

/** `['work', 'eat', …]` (most answered first) as tag → rank. */
export function rankOf(rankedTags: readonly string[]): Map<string, number> {
  return new Map(rankedTags.map((tag, i) => [tag, i]));
}

/**
 * The tags a chart names: the `least` most answered of the range, then more — each time the
 * largest tag inside the bar where "other" weighs most — until "other" is under
 * `OTHER_SHARE_LIMIT` of every bar. `bars` holds each bar's amount per tag; `ranked` the range's
 * tags, most answered first.
 */
export function chooseChartTags(
  bars: ReadonlyArray<Readonly<Record<string, number>>>,
  ranked: readonly string[],
  least = 7,
): string[] {
  const chosen = new Set(ranked.slice(0, least));
  for (;;) {
    let worst: Readonly<Record<string, number>> | undefined;
    let worstShare = 0;
    for (const bar of bars) {
      const share = otherShare(bar, chosen);
      if (share >= OTHER_SHARE_LIMIT && share > worstShare) {
        worst = bar;
        worstShare = share;
      }
    }
    if (!worst) break;
    let next: string | undefined;
    for (const [tag, amount] of Object.entries(worst)) {
      if (chosen.has(tag) || amount <= 0) continue;
      if (next === undefined || amount > (worst[next] ?? 0)) next = tag;
    }
    if (next === undefined) break;
    chosen.add(next);
  }
  const order = rankOf(ranked);
  return [...chosen].sort(
    (a, b) => (order.get(a) ?? Number.MAX_SAFE_INTEGER) - (order.get(b) ?? Number.MAX_SAFE_INTEGER),
  );
}

/** The share of a bar the tags outside `named` hold, 0–1 (0 for an empty bar). */
export function otherShare(
  bar: Readonly<Record<string, number>>,
  named: ReadonlySet<string>,
): number {
  let total = 0;
  let other = 0;
  for (const [tag, amount] of Object.entries(bar)) {
    total += amount;
    if (!named.has(tag)) other += amount;
  }
  return total === 0 ? 0 : other / total;
}
