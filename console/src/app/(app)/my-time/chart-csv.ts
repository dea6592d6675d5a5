/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, comma or line break, quotes doubled.
 * A cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) starts with an
 * apostrophe, so a tag like `=HYPERLINK(…)` stays text.
 */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows of cells as CSV text, CRLF line ends as RFC 4180 has them. */
export function csvText(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

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
