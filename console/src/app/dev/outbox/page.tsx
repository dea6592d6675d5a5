import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { latestMail, outboxPageEnabled } from '@/lib/mail';
import { requireStaff } from '@/lib/staff';

export const metadata: Metadata = { title: 'Mail outbox (development)' };
export const dynamic = 'force-dynamic';

/**
 * Development only (MAIL_OUTBOX_PAGE=on), and only for staff: the mail the console would have
 * sent, reset links included. Everyone else gets the 404 of a page that does not exist.
 */
export default async function OutboxPage() {
  if (!outboxPageEnabled()) notFound();
  await requireStaff('support');
  const mails = await latestMail();
  return (
    <main className="mx-auto max-w-4xl space-y-4 px-4 py-8">
      <h1 className="text-2xl font-semibold">Mail outbox</h1>
      <p className="text-sm text-slate-600">
        No mail server is configured, so mail lands here. Turn this page off by unsetting
        MAIL_OUTBOX_PAGE.
      </p>
      {mails.length === 0 && <p data-testid="empty-state">No mail yet.</p>}
      {mails.map((mail) => (
        <article
          key={mail.id}
          className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
          data-testid="mail"
        >
          <p className="text-sm text-slate-500">
            To <span data-testid="mail-to">{mail.to}</span> · {mail.createdAt.toISOString()}
          </p>
          <p className="font-medium" data-testid="mail-subject">
            {mail.subject}
          </p>
          <pre className="mt-2 whitespace-pre-wrap text-sm" data-testid="mail-body">
            {mail.body}
          </pre>
        </article>
      ))}
    </main>
  );
}
