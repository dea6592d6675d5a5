import type { ReactNode } from 'react';
import { Toaster } from '@/components/toaster';

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4 py-12">
      <p className="mb-6 text-center text-2xl font-bold tracking-tight">
        TagTime <span className="text-brand-600">Data</span>
      </p>
      <div className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">{children}</div>
      <Toaster />
    </main>
  );
}
