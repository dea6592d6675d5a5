import { findInviteByToken, INVITE_STATE_WORDS } from '@tagtime/db';
import type { Metadata } from 'next';
import { requireUser } from '@/auth';
import { Card } from '@/components/ui';
import { routes } from '@/config/routes';
import { db } from '@/lib/db';
import { AcceptInvite } from './accept-invite';

export const metadata: Metadata = { title: 'Invitation' };

/** Signed-out visitors sign in (or sign up) first and come back here. */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const user = await requireUser(routes.invite(token));
  const invite = await findInviteByToken(db(), token);
  if (invite?.state !== 'pending') {
    return (
      <Card title="Invitation">
        <p data-testid="invite-invalid" data-state={invite?.state ?? 'unknown'}>
          {invite
            ? `This invitation to ${invite.tenantName} ${INVITE_STATE_WORDS[invite.state]}.`
            : 'This invitation link is not valid.'}{' '}
          Ask {invite ? invite.invitedByName : 'whoever sent it'} for a new one if you still want to
          join.
        </p>
      </Card>
    );
  }
  const forMe = invite.email === user.email;
  return (
    <Card title={`Join ${invite.tenantName}`}>
      <p className="mb-4 text-sm text-slate-700">
        {invite.invitedByName} invites you as <strong>{invite.role}</strong>
        {forMe
          ? '.'
          : ` — but the invitation is for ${invite.email}, not ${user.email}. Sign in with that address to accept it.`}
      </p>
      <AcceptInvite token={token} />
    </Card>
  );
}
