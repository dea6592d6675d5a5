'use client';

import type { TenantRole } from '@tagtime/db';
import { createColumnHelper } from '@tanstack/react-table';
import { useRouter } from 'next/navigation';
import { useMemo } from 'react';
import { toast } from 'sonner';
import { DataTable } from '@/components/data-table';
import { Button, EmptyState } from '@/components/ui';
import { formatDateTime } from '@/lib/format';
import { changeRoleAction, removeMemberAction } from '../../tenants/actions';

export interface MemberRow {
  userId: string;
  name: string;
  email: string;
  role: TenantRole;
  joinedAt: string;
}

const column = createColumnHelper<MemberRow>();
const ROLES: TenantRole[] = ['owner', 'admin', 'member'];

/** Whether `actor` may change `target` (the server checks the same, every time). */
function mayManage(actor: TenantRole, target: TenantRole): boolean {
  return actor === 'owner' || (actor === 'admin' && target === 'member');
}

export function MembersTable({
  tenantId,
  rows,
  me,
  myRole,
  timeZone,
}: {
  tenantId: string;
  rows: MemberRow[];
  me: string;
  myRole: TenantRole;
  timeZone: string;
}) {
  const router = useRouter();

  const columns = useMemo(() => {
    async function setRole(row: MemberRow, role: TenantRole) {
      const result = await changeRoleAction({ tenantId, userId: row.userId, role });
      if (!result.ok) return toast.error(result.message);
      toast.success(`${row.name} is now ${role}.`);
      router.refresh();
    }
    async function remove(row: MemberRow) {
      const leaving = row.userId === me;
      if (!window.confirm(leaving ? 'Leave this tenant?' : `Remove ${row.name}?`)) return;
      const result = await removeMemberAction({ tenantId, userId: row.userId });
      if (!result.ok) return toast.error(result.message);
      toast.success(leaving ? 'You left the tenant.' : `${row.name} was removed.`);
      router.push(leaving ? '/tenants' : `/t/${tenantId}`);
      router.refresh();
    }
    return [
      column.accessor('name', { header: 'Name' }),
      column.accessor('email', { header: 'Email' }),
      column.accessor('role', {
        header: 'Role',
        cell: ({ row }) =>
          row.original.userId !== me && mayManage(myRole, row.original.role) ? (
            <select
              aria-label={`Role of ${row.original.name}`}
              className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
              value={row.original.role}
              onChange={(event) => setRole(row.original, event.target.value as TenantRole)}
              data-testid="member-role-select"
            >
              {ROLES.filter((role) => myRole === 'owner' || role === 'member').map((role) => (
                <option key={role} value={role}>
                  {role}
                </option>
              ))}
            </select>
          ) : (
            <span data-testid="member-role">{row.original.role}</span>
          ),
      }),
      column.accessor('joinedAt', {
        header: 'Joined',
        cell: (info) => formatDateTime(info.getValue(), timeZone),
      }),
      column.display({
        id: 'actions',
        header: '',
        cell: ({ row }) =>
          row.original.userId === me ? (
            <Button
              variant="secondary"
              onClick={() => remove(row.original)}
              data-testid="leave-tenant"
            >
              Leave
            </Button>
          ) : mayManage(myRole, row.original.role) ? (
            <Button
              variant="danger"
              onClick={() => remove(row.original)}
              data-testid="remove-member"
            >
              Remove
            </Button>
          ) : null,
      }),
    ];
  }, [me, myRole, router, tenantId, timeZone]);

  return (
    <DataTable
      columns={columns}
      data={rows}
      testId="members-table"
      rowTestId={(row) => `member-${row.email}`}
      empty={<EmptyState title="No members" />}
    />
  );
}
