'use client';

import type { TenantRole } from '@tagtime/db';
import { createColumnHelper } from '@tanstack/react-table';
import { useRouter } from 'next/navigation';
import { useMemo } from 'react';
import { toast } from 'sonner';
import { DataTable } from '@/components/data-table';
import { Button, EmptyState } from '@/components/ui';
import { routes } from '@/config/routes';
import { formatDateTime } from '@/lib/format';
import { useAction } from '@/lib/use-action';
import { changeRoleAction, removeMemberAction } from './actions';

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
  const { run: runChangeRole } = useAction(changeRoleAction, { toastErrors: true });
  const { pending: removing, run: runRemove } = useAction(removeMemberAction, {
    toastErrors: true,
  });
  // The server refuses it too (last_owner); saying so up front saves a confusing round trip.
  const soleOwner = myRole === 'owner' && rows.filter((row) => row.role === 'owner').length === 1;

  const columns = useMemo(() => {
    async function setRole(row: MemberRow, role: TenantRole) {
      if (!(await runChangeRole({ tenantId, userId: row.userId, role })).ok) return;
      toast.success(`${row.name} is now ${role}.`);
      router.refresh();
    }
    async function remove(row: MemberRow) {
      const leaving = row.userId === me;
      if (!window.confirm(leaving ? 'Leave this tenant?' : `Remove ${row.name}?`)) return;
      if (!(await runRemove({ tenantId, userId: row.userId })).ok) return;
      toast.success(leaving ? 'You left the tenant.' : `${row.name} was removed.`);
      router.push(leaving ? routes.tenants : routes.tenant(tenantId));
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
            <span className="inline-flex flex-wrap items-center gap-2">
              <Button
                variant="secondary"
                onClick={() => remove(row.original)}
                disabled={soleOwner || removing}
                aria-describedby={soleOwner ? 'leave-reason' : undefined}
                data-testid="leave-tenant"
              >
                Leave
              </Button>
              {soleOwner && (
                <span
                  id="leave-reason"
                  className="text-xs text-slate-600"
                  data-testid="leave-reason"
                >
                  You are the only owner: make someone else owner before you leave.
                </span>
              )}
            </span>
          ) : mayManage(myRole, row.original.role) ? (
            <Button
              variant="danger"
              onClick={() => remove(row.original)}
              disabled={removing}
              data-testid="remove-member"
            >
              Remove
            </Button>
          ) : null,
      }),
    ];
  }, [me, myRole, removing, router, runChangeRole, runRemove, soleOwner, tenantId, timeZone]);

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
