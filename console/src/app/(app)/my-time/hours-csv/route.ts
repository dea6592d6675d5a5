import { errorResponse, withUserRoute } from '@/lib/guards/route-guards';
import { LogServerError, logServerErrorResponse } from '@/lib/log-server';
import { readMyView } from '@/lib/my-log';
import { chartCsv } from '../chart-csv';
import { chartView, reportFor, todayOf } from '../chart-view';
import { myTimeQuerySchema } from '../schema';

const PERIOD_COLUMN = { day: 'day', week: 'week (from Monday)', month: 'month' } as const;

/**
 * What the My time chart shows for the same query, as CSV: a row per bar, a column per series,
 * estimated hours. A range the page would refuse is a 400 with the page's message.
 */
export const GET = withUserRoute(myTimeQuerySchema, async (_request, query, { user }) => {
  const now = Date.now();
  const view = chartView(query, todayOf(user.timeZone, now));
  if (view.error) return errorResponse(400, 'invalid_range', view.error);
  let csv: string;
  try {
    const log = await readMyView(user);
    const report = log ? reportFor(log, view, user, now) : undefined;
    csv = chartCsv({
      periodLabel: PERIOD_COLUMN[view.period],
      periods: report?.periods ?? [],
      series: report?.series.map((s) => s.key) ?? [],
    });
  } catch (error) {
    if (error instanceof LogServerError) return logServerErrorResponse(error);
    throw error;
  }
  const range = view.range ? `${view.range.from}-to-${view.range.to}` : `last-${view.period}s`;
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="tagtime-hours-${view.period}-${range}.csv"`,
      'cache-control': 'no-store',
    },
  });
});
