import { fmt, median, pairedRatio } from './setup.js';

/** One line of the bench's table. */
export interface Row {
  what: string;
  measured: string;
  baseline: string;
  ratio: string;
  goal: string;
  /** The 1-minute load average when the row's measurement began and ended. */
  load: string;
  met: boolean | undefined;
}

export type RowDraft = Omit<Row, 'load'>;

/** A throughput row: median rates, and the median per-round ratio against the baseline. */
export function rateRow(
  what: string,
  rates: readonly number[],
  baseline: { name: string; rates: readonly number[]; goal?: number },
): RowDraft {
  const ratio = pairedRatio(rates, baseline.rates);
  return {
    what,
    measured: `${fmt(median(rates))} rec/s`,
    baseline: `${baseline.name} ${fmt(median(baseline.rates))} rec/s`,
    ratio: `${fmt(ratio, 2)}×`,
    goal: baseline.goal === undefined ? '(shown)' : `≥ ${fmt(baseline.goal, 2)}×`,
    met: baseline.goal === undefined ? undefined : ratio >= baseline.goal,
  };
}

export function printRows(rows: readonly Row[]): void {
  const columns: Array<keyof Omit<Row, 'met'>> = [
    'what',
    'measured',
    'baseline',
    'ratio',
    'goal',
    'load',
  ];
  const header: Row = {
    what: 'row',
    measured: 'measured',
    baseline: 'baseline (same run)',
    ratio: 'ratio',
    goal: 'goal',
    load: 'load',
    met: undefined,
  };
  const widths = columns.map((c) => Math.max(...[header, ...rows].map((row) => row[c].length)));
  const line = (row: Row, verdict: string) =>
    `${columns.map((c, i) => row[c].padEnd(widths[i] as number)).join('  ')}  ${verdict}`;
  console.log(line(header, 'verdict'));
  for (const row of rows) {
    console.log(line(row, row.met === undefined ? '' : row.met ? 'goal met' : 'GOAL MISSED'));
  }
}
