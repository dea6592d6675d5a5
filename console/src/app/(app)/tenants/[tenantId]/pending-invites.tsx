'use client';

import type { TenantRole } from '@tagtime/db';
import { createColumnHelper } from '@tanstack/react-table';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { toast } from 'sonner';
import { DataTable } from '@/components/data-table';
import { Button, EmptyState } from '@/components/ui';
import { formatDateTime } from '@/lib/format';
import { useAction } from '@/lib/use-action';
import { resendInviteAction, revokeInviteAction } from './actions';
import { InviteLink } from './invite-form';

export interface PendingInviteRow {
  id: string;
  email: string;
  role: TenantRole;
  invitedByName: string;
  expiresAt: string;
}

const column = createColumnHelper<PendingInviteRow>();

/** Invitations nobody answered yet: resend (a new link, mailed) or revoke. */
export function PendingInvites({
  tenantId,
  rows,
  timeZone,
}: {
  tenantId: string;
  rows: PendingInviteRow[];
  timeZone: string;
}) {
  const router = useRouter();
  const [link, setLink] = useState<string>();
  const { pending: resending, run: resend } = useAction(resendInviteAction, {
    toastErrors: true,
    onSuccess({ url, email }) {
      setLink(url);
      toast.success(`A new link went to ${email}; the old one no longer works.`);
      router.refresh();
    },
  });
  const { pending: revoking, run: revoke } = useAction(revokeInviteAction, {
    toastErrors: true,
    onSuccess() {
      toast.success('Invitation revoked: its link no longer works.');
      router.refresh();
    },
  });
  const columns = useMemo(
    () => [
      column.accessor('email', { header: 'Email' }),
      column.accessor('role', { header: 'Role' }),
      column.accessor('invitedByName', { header: 'Invited by' }),
      column.accessor('expiresAt', {
        header: 'Expires',
        cell: (info) => formatDateTime(info.getValue(), timeZone),
      }),
      column.display({
        id: 'actions',
        header: () => <span className="sr-only">Actions</span>,
        cell: ({ row }) => (
          <div className="flex flex-wrap justify-end gap-2">
            <Button
              variant="secondary"
              disabled={resending}
              onClick={() => resend({ tenantId, inviteId: row.original.id })}
              data-testid="resend-invite"
            >
              Resend
            </Button>
            <Button
              variant="danger"
              disabled={revoking}
              onClick={() => {
                if (window.confirm(`Revoke the invitation of ${row.original.email}?`)) {
                  revoke({ tenantId, inviteId: row.original.id });
                }
              }}
              data-testid="revoke-invite"
            >
              Revoke
            </Button>
          </div>
        ),
      }),
    ],
    [tenantId, timeZone, resend, revoke, resending, revoking],
  );
  return (
    <div className="space-y-3">
      <DataTable
        columns={columns}
        data={rows}
        testId="pending-invites"
        rowTestId={(row) => `invite-${row.email}`}
        empty={<EmptyState title="No pending invitations">Invite someone above.</EmptyState>}
      />
      {link && <InviteLink url={link} />}
    </div>
  );
}
