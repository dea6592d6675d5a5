import type { ReactNode } from 'react';

/**
 * A chart's frame: a title, optional actions beside it (a download), and one of its states
 * (loading, empty, error) or the chart.
 */
export function ChartFrame({
  title,
  testId,
  actions,
  children,
}: {
  title: string;
  testId: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section
      className="min-w-0 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
      data-testid={testId}
    >
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h3 className="text-sm font-semibold">{title}</h3>
        {actions}
      </div>
      {children}
    </section>
  );
}

export function ChartLoading() {
  return (
    <div
      className="flex h-48 animate-pulse items-center justify-center rounded bg-slate-100 text-sm text-slate-500"
      data-testid="chart-loading"
    >
      Loading…
    </div>
  );
}

export function ChartEmpty({ children }: { children: ReactNode }) {
  return (
    <div
      className="flex h-48 items-center justify-center rounded border border-dashed border-slate-300 px-4 text-center text-sm text-slate-600"
      data-testid="chart-empty"
    >
      {children}
    </div>
  );
}

export function ChartError({ message }: { message: string }) {
  return (
    <div
      role="alert"
      className="flex h-48 items-center justify-center rounded bg-red-50 px-4 text-center text-sm text-red-800"
      data-testid="chart-error"
    >
      {message}
    </div>
  );
}
