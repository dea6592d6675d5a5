import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageTitle } from '@/components/page-title';
import { latestMail, outboxPageEnabled } from '@/lib/mail';
import { requireStaff } from '@/lib/staff';
import { type OutboxRow, OutboxTable } from './outbox-table';

export const metadata: Metadata = { title: 'Mail outbox (development)' };
export const dynamic = 'force-dynamic';

/**
 * Development only (`next dev` with MAIL_OUTBOX_PAGE=on; never a production build), and only
 * for staff: the mail the console would have sent, with the links in mail to staff accounts
 * hidden. Everyone else, and everyone under a production build, gets the 404 of a page that
 * does not exist.
 */
export default async function OutboxPage() {
  if (!outboxPageEnabled()) notFound();
  await requireStaff('support');
  const rows: OutboxRow[] = (await latestMail()).map((mail) => ({
    id: mail.id,
    to: mail.to,
    subject: mail.subject,
    sent: mail.createdAt.toISOString().replace('T', ' ').slice(0, 19),
    body: mail.body,
  }));
  return (
    <main className="mx-auto max-w-5xl space-y-4 px-4 py-8">
      <PageTitle>Mail outbox</PageTitle>
      <p className="text-sm text-slate-600">
        No mail server is configured, so mail lands here (development only). Links in mail to staff
        accounts are hidden.
      </p>
      <OutboxTable rows={rows} />
    </main>
  );
}
