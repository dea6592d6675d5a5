import type { Metadata } from 'next';
import { requireUser } from '@/auth';
import { Card } from '@/components/ui';
import { readInvite } from '@/lib/invites';
import { AcceptInvite } from './accept-invite';

export const metadata: Metadata = { title: 'Invitation' };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const user = await requireUser(`/invite/${token}`);
  const invite = await readInvite(token);
  if (!invite) {
    return (
      <Card title="Invitation">
        <p data-testid="invite-invalid">
          This invitation is not valid or has expired. Ask for a new link.
        </p>
      </Card>
    );
  }
  return (
    <Card title={`Join ${invite.tenantName}`}>
      <p className="mb-4 text-sm text-slate-700">
        You are invited as <strong>{invite.role}</strong>
        {invite.email === user.email
          ? '.'
          : ` — but the invitation is for ${invite.email}, not ${user.email}.`}
      </p>
      <AcceptInvite token={token} />
    </Card>
  );
}
