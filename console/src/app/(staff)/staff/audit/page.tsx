import { listAuditTrail } from '@tagtime/db';
import type { Metadata } from 'next';
import { Card } from '@/components/ui';
import { db } from '@/lib/db';
import { formatDateTime } from '@/lib/format';
import { requireStaff } from '@/lib/staff';

export const metadata: Metadata = { title: 'Staff · Audit log' };

export default async function AuditPage() {
  const staff = await requireStaff();
  const events = await listAuditTrail(db(), { limit: 200 });
  return (
    <Card title="Audit log (newest 200)">
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="audit-table">
          <thead className="border-b border-slate-200 text-slate-500">
            <tr>
              <th className="px-2 py-2 font-medium">When</th>
              <th className="px-2 py-2 font-medium">Who</th>
              <th className="px-2 py-2 font-medium">As</th>
              <th className="px-2 py-2 font-medium">What</th>
              <th className="px-2 py-2 font-medium">Tenant</th>
              <th className="px-2 py-2 font-medium">Subject</th>
              <th className="px-2 py-2 font-medium">Why</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.id} className="border-b border-slate-100" data-testid="audit-row">
                <td className="px-2 py-1 whitespace-nowrap">
                  {formatDateTime(event.createdAt.toISOString(), staff.user.timeZone)}
                </td>
                <td className="px-2 py-1" title={event.actorUserId} data-testid="audit-actor">
                  {event.actorName}
                </td>
                <td className="px-2 py-1">{event.actorRole}</td>
                <td className="px-2 py-1">{event.action}</td>
                <td className="px-2 py-1" title={event.tenantId ?? undefined}>
                  {event.tenantName ?? ''}
                </td>
                <td className="px-2 py-1" title={event.subjectUserId ?? undefined}>
                  {event.subjectName ?? ''}
                </td>
                <td className="px-2 py-1">{event.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
