'use client';

import {
  Bar,
  BarChart,
  Legend,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

export interface Series {
  key: string;
  name: string;
  color: string;
}

/**
 * Bars per period, one colour per series, stacked: records per day by kind, and the like. A
 * `reference` draws a dashed line across at that value (24 hours on a chart of days), and the
 * value axis always reaches it.
 */
export function StackedBars({
  data,
  series,
  unit,
  reference,
}: {
  data: Array<Record<string, number | string>>;
  series: Series[];
  unit?: string;
  reference?: { value: number; label: string };
}) {
  return (
    <div className="h-48 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 4, right: 4, bottom: 0, left: -12 }}>
          <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={16} />
          <YAxis tick={{ fontSize: 11 }} allowDecimals={false} width={44} unit={unit} />
          <Tooltip isAnimationActive={false} />
          <Legend wrapperStyle={{ fontSize: 11 }} itemSorter={null} />
          {series.map((item) => (
            <Bar
              key={item.key}
              dataKey={item.key}
              name={item.name}
              stackId="all"
              fill={item.color}
              isAnimationActive={false}
            />
          ))}
          {reference && (
            <ReferenceLine
              y={reference.value}
              stroke="#0f172a"
              strokeDasharray="4 3"
              ifOverflow="extendDomain"
              label={{ value: reference.label, position: 'insideTopRight', fontSize: 11 }}
              data-testid="chart-reference"
            />
          )}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
