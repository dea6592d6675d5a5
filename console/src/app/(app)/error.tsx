'use client';

import { Button } from '@/components/ui';

/** Any unexpected failure of a page in the signed-in area; expected ones are messages in place. */
export default function AppError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div
      role="alert"
      className="rounded-lg bg-white p-8 text-center shadow-sm ring-1 ring-slate-200"
    >
      <h1 className="text-xl font-semibold">Something went wrong</h1>
      <p className="mt-2 text-sm text-slate-600">
        Try again in a moment. If it keeps happening, tell support this code:{' '}
        <code>{error.digest ?? 'none'}</code>
      </p>
      <Button className="mt-4" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
