import type { ReactNode } from 'react';

/**
 * A page's title (specs find every page by its test id), and what stands at its right on a wide
 * screen and below it on a narrow one (a role, a link back).
 */
export function PageTitle({ children, aside }: { children: ReactNode; aside?: ReactNode }) {
  const title = (
    <h1 className="text-2xl font-semibold" data-testid="page-title">
      {children}
    </h1>
  );
  if (aside === undefined) return title;
  return (
    <div className="flex flex-wrap items-baseline justify-between gap-2">
      {title}
      {aside}
    </div>
  );
}
