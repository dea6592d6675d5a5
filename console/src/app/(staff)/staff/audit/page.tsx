import { isDbError, searchAuditTrail } from '@tagtime/db';
import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui';
import { db } from '@/lib/db';
import { formatDateTime } from '@/lib/format';
import { requireStaff } from '@/lib/staff';
import { AuditFilters } from './audit-filters';
import { type AuditRow, AuditTable } from './audit-table';
import { auditQuerySchema, auditSearch, trailFilter } from './filter';

export const metadata: Metadata = { title: 'Staff · Audit log' };

const PAGE = 50;

/**
 * The audit log: newest first, 50 rows a page (keyset pages: "Older" carries the last row's
 * time and id), filtered by actor, subject, action, outcome and days, searched by reason, and
 * exported as CSV with the same filter.
 */
export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const staff = await requireStaff();
  const raw = Object.fromEntries(
    Object.entries(await searchParams).filter(([, value]) => typeof value === 'string'),
  );
  const parsed = auditQuerySchema.safeParse(raw);
  const query = parsed.success ? parsed.data : {};
  let problem = parsed.success ? undefined : parsed.error.issues[0]?.message;
  let page: Awaited<ReturnType<typeof searchAuditTrail>> = { events: [], next: undefined };
  if (!problem) {
    try {
      page = await searchAuditTrail(db(), { ...trailFilter(query), limit: PAGE });
    } catch (error) {
      if (!isDbError(error, 'invalid_input')) throw error;
      problem = error.message;
    }
  }
  const rows: AuditRow[] = page.events.map((event) => ({
    id: event.id,
    when: formatDateTime(event.createdAt.toISOString(), staff.user.timeZone),
    actor: event.actorName,
    actorId: event.actorUserId,
    role: event.actorRole,
    action: event.action,
    reads: event.reads,
    tenant: event.tenantName ?? '',
    tenantId: event.tenantId ?? '',
    subject: event.subjectName ?? '',
    subjectId: event.subjectUserId ?? '',
    reason: event.reason ?? '',
    outcome: event.outcome,
    refusalCode: event.refusalCode ?? '',
  }));
  const { cursor: _, ...filters } = query;
  return (
    <Card title="Audit log">
      <AuditFilters query={filters} />
      {problem && (
        <p className="my-3 text-sm text-red-700" data-testid="audit-problem">
          {problem}
        </p>
      )}
      <AuditTable rows={rows} />
      <nav className="mt-4 flex flex-wrap items-center gap-4 text-sm">
        {query.cursor && (
          <Link
            className="text-brand-700 hover:underline"
            href={`/staff/audit${auditSearch(filters)}`}
          >
            Newest
          </Link>
        )}
        {page.next && (
          <Link
            className="text-brand-700 hover:underline"
            href={`/staff/audit${auditSearch(query, { cursor: page.next })}`}
            data-testid="audit-older"
          >
            Older
          </Link>
        )}
        <a
          className="text-brand-700 hover:underline"
          href={`/staff/audit/export${auditSearch(filters)}`}
          data-testid="audit-export"
        >
          Export CSV
        </a>
      </nav>
    </Card>
  );
}
