import { searchAuditTrail } from '@tagtime/db';
import { csvCell } from '@/lib/csv';
import { db } from '@/lib/db';
import { withStaffRoute } from '@/lib/guards/route-guards';
import { auditStaff } from '@/lib/staff';
import { auditQuerySchema, trailFilter } from '../filter';

const COLUMNS = [
  'id',
  'time_utc',
  'actor_id',
  'actor_email',
  'actor_role',
  'action',
  'outcome',
  'refusal_code',
  'tenant_id',
  'subject_user_id',
  'subject_email',
  'reads',
  'reason',
] as const;

/** At most this many rows per export: a year of a busy team; narrow the filter for more. */
const MAX_ROWS = 100_000;
const PAGE = 1000;

/**
 * The audit log as CSV with the page's filter, streamed page by page (keyset), so a long trail
 * never sits in memory. Staff only; the export itself is audited, with its filter as reason.
 */
export const GET = withStaffRoute('support', auditQuerySchema, async (_request, query, staff) => {
  const { cursor: _, ...filters } = query;
  const described = new URLSearchParams(
    Object.entries(filters).filter((entry): entry is [string, string] => Boolean(entry[1])),
  ).toString();
  await auditStaff(staff, 'audit.export', {
    reason: described ? `filter ${described}`.slice(0, 500) : 'everything',
  });
  const filter = trailFilter(filters);
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`${COLUMNS.join(',')}\n`));
    },
    async pull(controller) {
      const page = await searchAuditTrail(db(), {
        ...filter,
        limit: PAGE,
        ...(cursor ? { cursor } : {}),
      });
      const lines = page.events.map((event) =>
        [
          event.id,
          event.createdAt.toISOString(),
          event.actorUserId,
          event.actorEmail,
          event.actorRole,
          event.action,
          event.outcome,
          event.refusalCode,
          event.tenantId,
          event.subjectUserId,
          event.subjectEmail,
          event.reads,
          event.reason,
        ]
          .map(csvCell)
          .join(','),
      );
      if (lines.length > 0) controller.enqueue(encoder.encode(`${lines.join('\n')}\n`));
      sent += lines.length;
      cursor = page.next;
      if (!cursor || sent >= MAX_ROWS) controller.close();
    },
  });
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.csv"`,
      'cache-control': 'no-store',
    },
  });
});
