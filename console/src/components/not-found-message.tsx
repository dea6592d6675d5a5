import Link from 'next/link';
import { routes } from '@/config/routes';

/** What every 404 says; the way back is the header's, or this link. */
export function NotFoundMessage() {
  return (
    <div className="mx-auto max-w-md px-4 py-16 text-center">
      <h1 className="text-2xl font-semibold" data-testid="not-found">
        Nothing here
      </h1>
      <p className="mt-2 text-slate-600">
        This page does not exist, or it belongs to an account you are not a member of.
      </p>
      <Link className="mt-6 inline-block text-brand-600 hover:underline" href={routes.overview}>
        Back to the overview
      </Link>
    </div>
  );
}
