import { csvText } from '@/lib/csv';

/**
 * What the My time chart shows, as CSV: one row per bar (its period), one column per series the
 * chart draws (its named tags, then "other"), estimated hours as the chart has them, and the
 * bar's total.
 */
export function chartCsv(chart: {
  periodLabel: string;
  periods: ReadonlyArray<{ label: string; hours: Readonly<Record<string, number>> }>;
  series: readonly string[];
}): string {
  const header = [
    chart.periodLabel,
    ...chart.series.map((s) => `${s} (estimated hours)`),
    'total (estimated hours)',
  ];
  const rows = chart.periods.map((period) => {
    const values = chart.series.map((s) => period.hours[s] ?? 0);
    const total = Math.round(values.reduce((sum, h) => sum + h, 0) * 100) / 100;
    return [period.label, ...values, total];
  });
  return csvText([header, ...rows]);
}
