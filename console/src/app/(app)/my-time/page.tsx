import { listDevices } from '@tagtime/db';
import type { Metadata } from 'next';
import Link from 'next/link';
import { requireUser } from '@/auth';
import { ChartEmpty, ChartFrame } from '@/components/charts/chart-states';
import { StackedBars } from '@/components/charts/stacked-bars';
import { PageTitle } from '@/components/page-title';
import { Card, EmptyState } from '@/components/ui';
import { routes } from '@/config/routes';
import { db } from '@/lib/db';
import { LogServerError } from '@/lib/log-server';
import { readMyView } from '@/lib/my-log';
import { chartView, periodQuery, reportFor, todayOf } from './chart-view';
import { ImportExport } from './import-export';
import { RangePicker } from './range-picker';
import { PingList } from './recent-pings';
import { RenameTagForm } from './rename-tag-form';
import { myTimeQuerySchema } from './schema';
import { TagTable } from './tag-table';
import type { Period } from './time-report';

export const metadata: Metadata = { title: 'My time' };

/** A day holds 24 hours; an estimate over it is a busy day's sampling, not an error. */
const DAY_HOURS = 24;

const PERIODS: Array<{ period: Period; label: string }> = [
  { period: 'day', label: 'Days' },
  { period: 'week', label: 'Weeks' },
  { period: 'month', label: 'Months' },
];

/**
 * Where the signed-in person's time goes: hours per tag (pings × the schedule's gap) by day,
 * week or month; the recent pings with the device that answered; the missed ones; renaming a
 * tag and deleting an answer (commands, never edits); import and export of the original
 * TagTime format.
 */
export default async function MyTimePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const asked = await searchParams;
  const query = myTimeQuerySchema.parse({
    period: asked.period,
    from: typeof asked.from === 'string' ? asked.from : undefined,
    to: typeof asked.to === 'string' ? asked.to : undefined,
  });
  const now = Date.now();
  const today = todayOf(user.timeZone, now);
  const chart = chartView(query, today);
  const { period } = chart;
  const devices = await listDevices(db(), user.id);
  const deviceNames = Object.fromEntries(devices.map((device) => [device.id, device.name]));
  let problem: string | undefined;
  let view: Awaited<ReturnType<typeof readMyView>>;
  try {
    view = await readMyView(user);
  } catch (error) {
    if (!(error instanceof LogServerError)) throw error;
    problem =
      error.problem === 'unreachable'
        ? `The log server cannot be reached just now, so your time cannot be shown. ${error.message}`
        : `The log server refused the console: ${error.message}`;
  }
  const report = view ? reportFor(view, chart, user, now) : undefined;
  const range = chart.label;
  const csvHref = `${routes.myTimeCsv}?${new URLSearchParams({
    period,
    ...(chart.range ?? {}),
  }).toString()}`;
  return (
    <>
      <PageTitle>My time</PageTitle>
      {problem && (
        <p
          role="alert"
          className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800"
          data-testid="log-server-problem"
        >
          {problem}
        </p>
      )}
      {!problem && !report && (
        <EmptyState title="No pings answered yet.">
          Pair a device on the{' '}
          <Link href={routes.devices} className="text-brand-700 underline">
            devices page
          </Link>
          , or import an original TagTime log below.
        </EmptyState>
      )}
      {report && (
        <>
          <nav className="flex gap-2 text-sm" aria-label="Period">
            {PERIODS.map((item) => (
              <Link
                key={item.period}
                href={`${routes.myTime}?${periodQuery(chart, item.period)}`}
                className={`rounded-md px-3 py-1 ring-1 ring-slate-300 ${item.period === period ? 'bg-slate-800 text-white' : 'bg-white hover:bg-slate-50'}`}
                data-testid={`period-${item.period}`}
                aria-current={item.period === period ? 'page' : undefined}
              >
                {item.label}
              </Link>
            ))}
          </nav>
          <RangePicker period={period} asked={query} shown={report.range} error={chart.error} />
          <ChartFrame
            title={`Estimated hours, ${range}`}
            testId="chart-hours"
            actions={
              <a
                href={csvHref}
                className="text-sm font-medium text-brand-700 hover:underline"
                data-testid="chart-csv"
                download
              >
                Download CSV
              </a>
            }
          >
            <p className="mb-2 text-xs text-slate-500">
              Each answered ping counts the schedule's mean gap (
              {Math.round(report.gapSeconds / 60)} minutes): an estimate, so a busy day can show
              more than 24 hours.
              {period === 'day' ? ' The dashed line marks 24 hours.' : ''} A ping with several tags
              shares its time among them; the table below counts the whole ping for each tag.
            </p>
            {report.periods.length === 0 ? (
              <ChartEmpty>No answered pings in {range}.</ChartEmpty>
            ) : (
              <StackedBars
                unit="h"
                data={report.periods.map((row) => ({ label: row.label, ...row.hours }))}
                series={report.series.map((item) => ({ ...item, name: item.key }))}
                {...(period === 'day' ? { reference: { value: DAY_HOURS, label: '24 h' } } : {})}
              />
            )}
          </ChartFrame>
          <Card title={`Estimated hours per tag, ${range}`}>
            <p className="mb-2 text-xs text-slate-500">
              Each answered ping counts for the schedule's mean gap (
              {Math.round(report.gapSeconds / 60)} minutes) for each of its tags.
            </p>
            <TagTable rows={report.tags} range={range} />
          </Card>
          <div className="grid gap-6 md:grid-cols-2">
            <Card title="Recent pings">
              <PingList
                pings={report.recent}
                timeZone={user.timeZone}
                deviceNames={deviceNames}
                testId="recent-pings"
                empty="No pings in the last two days."
              />
            </Card>
            <Card title="Missed pings (last 7 days)">
              <p className="mb-2 text-sm" data-testid="missed-summary">
                {report.missed.answered} answered · {report.missed.missed} missed (filled in by a
                device) · {report.missed.unanswered} unanswered
              </p>
              <PingList
                pings={report.missed.pings}
                timeZone={user.timeZone}
                deviceNames={deviceNames}
                testId="missed-pings"
                empty="None missed: every ping has an answer."
              />
            </Card>
          </div>
          <Card title="Rename a tag">
            <p className="mb-3 text-sm text-slate-600">
              The rename is a command added to your log: every answer so far shows the new name,
              while the answers themselves stay as they were written.
            </p>
            <RenameTagForm tags={report.allTags} />
          </Card>
        </>
      )}
      <Card title="Import and export">
        <p className="mb-3 text-sm text-slate-600">
          The original TagTime format, one ping a line. Importing twice adds nothing; a file with a
          bad line is refused whole, with every bad line named.
        </p>
        <ImportExport />
      </Card>
    </>
  );
}
