import { Button, Input, Label } from '@/components/ui';
import { routes } from '@/config/routes';
import type { DayRange } from './date-range';
import type { Period } from './time-report';

/**
 * The date range of the chart and table: a plain GET form, so it works before any script runs
 * and the range stays in the address to share or reload. The server checks the range and says
 * what is wrong with it (end before start, in the future, too long for the period).
 */
export function RangePicker({
  period,
  asked,
  shown,
  error,
}: {
  period: Period;
  /** What the person typed (kept in the fields when it was refused). */
  asked: { from?: string | undefined; to?: string | undefined };
  shown: DayRange;
  error?: string | undefined;
}) {
  const invalid = error ? { 'aria-invalid': true, 'aria-describedby': 'range-error' } : {};
  return (
    <form
      method="get"
      action={routes.myTime}
      className="flex flex-wrap items-end gap-3 text-sm"
      aria-label="Date range"
      data-testid="range-picker"
    >
      <input type="hidden" name="period" value={period} />
      <div>
        <Label htmlFor="range-from">From</Label>
        <Input
          id="range-from"
          name="from"
          type="date"
          defaultValue={asked.from ?? shown.from}
          data-testid="range-from"
          {...invalid}
        />
      </div>
      <div>
        <Label htmlFor="range-to">To</Label>
        <Input
          id="range-to"
          name="to"
          type="date"
          defaultValue={asked.to ?? shown.to}
          data-testid="range-to"
          {...invalid}
        />
      </div>
      <Button type="submit" data-testid="range-submit">
        Show
      </Button>
      {error && (
        <p
          id="range-error"
          role="alert"
          className="w-full rounded-md bg-amber-50 px-3 py-2 text-amber-900"
          data-testid="range-error"
        >
          {error} Showing {shown.from} to {shown.to} instead.
        </p>
      )}
    </form>
  );
}
