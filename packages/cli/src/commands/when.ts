import { startOfDay } from '@tagtime/log/core';

const UNITS: Record<string, number> = { m: 60, h: 3600, d: 86400, w: 7 * 86400 };

/**
 * A starting point in unix seconds from `--since`: a duration back from now (`90m`, `12h`, `3d`,
 * `2w`) or a local day (`2026-11-01`, from its midnight in `timeZone`).
 */
export function parseSince(text: string, nowSeconds: number, timeZone: string): number {
  const duration = /^(\d+)([mhdw])$/.exec(text);
  if (duration) return nowSeconds - Number(duration[1]) * (UNITS[duration[2] as string] as number);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return startOfDay(text, timeZone);
  throw new Error(
    `--since "${text}" is neither a duration like 12h, 3d, 2w nor a day like 2026-11-01`,
  );
}
