'use client';

import { useState } from 'react';
import { Bar, BarChart, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Histogram } from './api';
import { KIND_COLORS, KIND_ORDER } from './styles';
import { formatRecordTime, formatTick } from './time';

/**
 * Records over time by kind, stacked, above the table. Dragging across bars narrows the range
 * to them (as in Grafana Explore); `onRange` gets the first bar's start and the last bar's end.
 */
export function VolumeChart({
  histogram,
  timeZone,
  onRange,
}: {
  histogram: Histogram;
  timeZone: string;
  onRange: (from: number, to: number) => void;
}) {
  const [drag, setDrag] = useState<{ from: number; to: number } | undefined>();
  const data = histogram.buckets.map((bucket) => ({ start: bucket.start, ...bucket.counts }));
  const kinds = KIND_ORDER.filter((kind) =>
    data.some((row) => (row as Record<string, number>)[kind]),
  );
  const startAt = (index: unknown) =>
    typeof index === 'number' ? histogram.buckets[index]?.start : undefined;
  const endOf = (start: number) => {
    const i = histogram.buckets.findIndex((bucket) => bucket.start === start);
    const next = histogram.buckets[i + 1]?.start;
    return Math.min(histogram.to, (next ?? start + histogram.bucketMs) - 1);
  };
  return (
    <div className="h-36 w-full select-none" data-testid="volume-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={data}
          margin={{ top: 4, right: 8, bottom: 0, left: -16 }}
          onMouseDown={(state) => {
            const start = startAt(state.activeIndex);
            if (start !== undefined) setDrag({ from: start, to: start });
          }}
          onMouseMove={(state) => {
            const start = startAt(state.activeIndex);
            if (drag && start !== undefined) setDrag({ ...drag, to: start });
          }}
          onMouseUp={() => {
            if (drag) {
              const low = Math.min(drag.from, drag.to);
              const high = Math.max(drag.from, drag.to);
              onRange(low, endOf(high));
            }
            setDrag(undefined);
          }}
          onMouseLeave={() => setDrag(undefined)}
        >
          <XAxis
            dataKey="start"
            tickFormatter={(t: number) => formatTick(t, histogram.bucketMs, timeZone)}
            tick={{ fontSize: 11 }}
            minTickGap={24}
          />
          <YAxis tick={{ fontSize: 11 }} allowDecimals={false} width={48} />
          <Tooltip
            labelFormatter={(t) => formatRecordTime(Number(t), timeZone).slice(0, 16)}
            isAnimationActive={false}
          />
          {kinds.map((kind) => (
            <Bar
              key={kind}
              dataKey={kind}
              stackId="kinds"
              fill={KIND_COLORS[kind]}
              isAnimationActive={false}
            />
          ))}
          {drag && drag.from !== drag.to && (
            <ReferenceArea
              x1={Math.min(drag.from, drag.to)}
              x2={Math.max(drag.from, drag.to)}
              strokeOpacity={0.3}
              fill="#1d4ed8"
              fillOpacity={0.15}
            />
          )}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
