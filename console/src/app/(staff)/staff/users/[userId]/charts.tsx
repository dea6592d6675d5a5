import type { Device } from '@tagtime/db';
import { BarList } from '@/components/charts/bar-list';
import { ChartEmpty, ChartError } from '@/components/charts/chart-states';
import { StackedBars } from '@/components/charts/stacked-bars';
import { deviceColors, KIND_COLORS, KIND_ORDER } from '@/components/log-browser/styles';
import { LogServerError } from '@/lib/log-server';
import { fetchHistogram, fetchPings, type StaffRead } from '@/lib/support-logs';

const DAY = 24 * 60 * 60 * 1000;

export interface ChartRange {
  from: number;
  to: number;
  timeZone: string;
}

function dayLabel(start: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, month: '2-digit', day: '2-digit' }).format(
    new Date(start),
  );
}

async function guarded(draw: () => Promise<React.ReactNode>): Promise<React.ReactNode> {
  try {
    return await draw();
  } catch (error) {
    if (error instanceof LogServerError) return <ChartError message={error.message} />;
    throw error;
  }
}

/** What every chart of a person's logs reads: as which staff member, whose logs, which days. */
interface ChartProps {
  read: StaffRead;
  userId: string;
  range: ChartRange;
}

/** Histogram buckets as stacked bars, one bar a day, one series per key of the counts. */
function DailyBars({
  buckets,
  timeZone,
  keys,
  name = (key) => key,
  color,
}: {
  buckets: Array<{ start: number; counts: Record<string, number> }>;
  timeZone: string;
  keys: string[];
  name?: (key: string) => string;
  color: (key: string) => string | undefined;
}) {
  return (
    <StackedBars
      data={buckets.map((b) => ({ label: dayLabel(b.start, timeZone), ...b.counts }))}
      series={keys.map((key) => ({ key, name: name(key), color: color(key) ?? '#64748b' }))}
    />
  );
}

export function monthRange(timeZone: string, now = Date.now()): ChartRange {
  return { from: now - 30 * DAY, to: now, timeZone };
}

export function RecordsPerDay({ read, userId, range }: ChartProps) {
  return guarded(async () => {
    const { data } = await fetchHistogram(read, userId, {
      from: range.from,
      to: range.to,
      width: 'day',
    });
    if (data.total === 0) return <ChartEmpty>No records in the last 30 days.</ChartEmpty>;
    return (
      <DailyBars
        buckets={data.buckets}
        timeZone={range.timeZone}
        keys={KIND_ORDER.filter((kind) => data.buckets.some((b) => b.counts[kind]))}
        color={(kind) => KIND_COLORS[kind]}
      />
    );
  });
}

export function ErrorsPerDevice({
  read,
  userId,
  range,
  devices,
}: ChartProps & { devices: Device[] }) {
  return guarded(async () => {
    const { data } = await fetchHistogram(read, userId, {
      from: range.from,
      to: range.to,
      width: 'day',
      q: 'kind:error',
      group: 'device',
    });
    if (data.total === 0) return <ChartEmpty>No errors in the last 30 days.</ChartEmpty>;
    const colors = deviceColors(devices.map((d) => d.id));
    const ids = [...new Set(data.buckets.flatMap((b) => Object.keys(b.counts)))].sort();
    const names = new Map(devices.map((d) => [d.id, d.name]));
    return (
      <DailyBars
        buckets={data.buckets}
        timeZone={range.timeZone}
        keys={ids}
        name={(id) => names.get(id) ?? id}
        color={(id) => colors[id]}
      />
    );
  });
}

export function PingsAnswered({ read, userId, range }: ChartProps) {
  return guarded(async () => {
    const { data } = await fetchPings(read, userId, { from: range.from, to: range.to });
    if (data.answered + data.missed + data.unanswered === 0) {
      return <ChartEmpty>No pings were scheduled in this range.</ChartEmpty>;
    }
    return (
      <>
        <p className="mb-1 text-xs text-slate-600" data-testid="pings-summary">
          {data.answered} answered · {data.missed} missed (auto) · {data.unanswered} unanswered
          {data.complete ? '' : ' (more records than were read)'}
        </p>
        <StackedBars
          data={data.days.map((day) => ({
            label: day.day.slice(5),
            answered: day.answered,
            missed: day.missed,
            unanswered: day.unanswered,
          }))}
          series={[
            { key: 'answered', name: 'answered', color: '#16a34a' },
            { key: 'missed', name: 'missed (auto)', color: '#f59e0b' },
            { key: 'unanswered', name: 'unanswered', color: '#cbd5e1' },
          ]}
        />
      </>
    );
  });
}

export function TimePerTag({ read, userId, range }: ChartProps) {
  return guarded(async () => {
    const { data } = await fetchPings(read, userId, { from: range.from, to: range.to });
    if (data.tags.length === 0) return <ChartEmpty>No answered pings in this range.</ChartEmpty>;
    return (
      <BarList
        unit="h"
        data={data.tags.slice(0, 12).map((tag) => ({
          label: tag.tag,
          value: Math.round((tag.seconds / 3600) * 10) / 10,
        }))}
      />
    );
  });
}
