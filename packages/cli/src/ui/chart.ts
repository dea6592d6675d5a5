import type { TagTotal } from '@tagtime/log';
import { padEnd } from './format.js';

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A horizontal bar `width` cells long at most, in eighths of a cell. */
export function bar(value: number, max: number, width: number): string {
  if (max <= 0 || value <= 0) return '';
  const eighths = Math.round((value / max) * width * 8);
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}

/** Tag, pings, hours and a bar per tag, most-used first. */
export function tagTable(tags: readonly TagTotal[], barWidth = 30): string[] {
  if (tags.length === 0) return [];
  const tagWidth = Math.max(3, ...tags.map((t) => [...t.tag].length));
  const max = Math.max(...tags.map((t) => t.seconds));
  const lines = [`${padEnd('tag', tagWidth)}  pings   hours`];
  for (const t of tags) {
    const hours = (t.seconds / 3600).toFixed(1);
    lines.push(
      `${padEnd(t.tag, tagWidth)}  ${String(t.count).padStart(5)}  ${hours.padStart(6)}  ${bar(t.seconds, max, barWidth)}`,
    );
  }
  return lines;
}
