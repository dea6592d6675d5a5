'use client';

import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/** Horizontal bars, largest first: hours per tag. */
export function BarList({
  data,
  color = '#2563eb',
  unit,
}: {
  data: Array<{ label: string; value: number }>;
  color?: string;
  unit: string;
}) {
  const height = Math.max(120, data.length * 22 + 24);
  return (
    <div className="w-full" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 0, right: 16, bottom: 0, left: 8 }}>
          <XAxis type="number" tick={{ fontSize: 11 }} unit={unit} />
          <YAxis type="category" dataKey="label" tick={{ fontSize: 11 }} width={90} />
          <Tooltip isAnimationActive={false} formatter={(value) => [`${value} ${unit}`, '']} />
          <Bar dataKey="value" fill={color} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
