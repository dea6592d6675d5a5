import type { ReactNode } from 'react';

/** The installed pinger's frame: no console chrome, dark when the system is. */
export default function PingerLayout({ children }: { children: ReactNode }) {
  return (
    <div className="min-h-screen bg-slate-50 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
      {children}
    </div>
  );
}
