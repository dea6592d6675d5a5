'use client';

import { Bar, BarChart, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface Series {
  key: string;
  name: string;
  color: string;
}

/** Bars per period, one colour per series, stacked: records per day by kind, and the like. */
export function StackedBars({
  data,
  series,
  unit,
}: {
  data: Array<Record<string, number | string>>;
  series: Series[];
  unit?: string;
}) {
  return (
    <div className="h-48 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 4, right: 4, bottom: 0, left: -12 }}>
          <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={16} />
          <YAxis tick={{ fontSize: 11 }} allowDecimals={false} width={44} unit={unit} />
          <Tooltip isAnimationActive={false} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
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
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
