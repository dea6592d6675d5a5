import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto max-w-md px-4 py-24 text-center">
      <h1 className="text-2xl font-semibold" data-testid="not-found">
        Nothing here
      </h1>
      <p className="mt-2 text-slate-600">
        This page does not exist, or it belongs to an account you are not a member of.
      </p>
      <Link className="mt-6 inline-block text-brand-600 hover:underline" href="/">
        Back to the overview
      </Link>
    </main>
  );
}
