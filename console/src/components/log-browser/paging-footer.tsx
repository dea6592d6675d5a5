import { MAX_EMPTY_STEPS, type Side } from './paging';
import { formatRecordTime } from './time';

/**
 * The table's last line: older records loading, a rare text still being searched for (paused
 * after MAX_EMPTY_STEPS empty pages, until the person asks to go on), no match, or the start of
 * the range reached.
 */
export function PagingFooter({
  older,
  emptySteps,
  rowCount,
  timeZone,
  onKeepSearching,
}: {
  older: Side;
  emptySteps: number;
  rowCount: number;
  timeZone: string;
  onKeepSearching: () => void;
}) {
  if (older.loading) return 'Loading older records…';
  if (older.more) {
    const reachedBack = older.cursor ? Number(older.cursor.split(':')[0]) : undefined;
    const reached = reachedBack ? formatRecordTime(reachedBack, timeZone) : '?';
    if (emptySteps >= MAX_EMPTY_STEPS) {
      return (
        <button type="button" className="text-brand-700 underline" onClick={onKeepSearching}>
          Searched back to {reached} — keep searching
        </button>
      );
    }
    return `Searching older records… (back to ${reached})`;
  }
  if (rowCount === 0) {
    return <span data-testid="log-empty">No records match this query in this range.</span>;
  }
  return `The start of the range: ${rowCount.toLocaleString('en-US')} records shown.`;
}
