import { listAuditTrail } from '@tagtime/db';
import type { Metadata } from 'next';
import { Card } from '@/components/ui';
import { db } from '@/lib/db';
import { formatDateTime } from '@/lib/format';
import { requireStaff } from '@/lib/staff';
import { type AuditRow, AuditTable } from './audit-table';

export const metadata: Metadata = { title: 'Staff · Audit log' };

export default async function AuditPage() {
  const staff = await requireStaff();
  const events = await listAuditTrail(db(), { limit: 200 });
  const rows: AuditRow[] = events.map((event) => ({
    id: event.id,
    when: formatDateTime(event.createdAt.toISOString(), staff.user.timeZone),
    actor: event.actorName,
    actorId: event.actorUserId,
    role: event.actorRole,
    action: event.action,
    tenant: event.tenantName ?? '',
    tenantId: event.tenantId ?? '',
    subject: event.subjectName ?? '',
    subjectId: event.subjectUserId ?? '',
    reason: event.reason ?? '',
    outcome: event.outcome,
    refusalCode: event.refusalCode ?? '',
  }));
  return (
    <Card title="Audit log (newest 200; refused attempts say so)">
      <AuditTable rows={rows} />
    </Card>
  );
}
