import 'server-only';
import { INVITE_TTL_DAYS, type Invite } from '@tagtime/db';
import { routes } from '@/config/routes';
import { publicOrigin, sendMail } from './mail';

/** The link of an invitation; its token is in no table (only its hash), so only now is it known. */
export function inviteUrl(token: string): string {
  return `${publicOrigin()}${routes.invite(token)}`;
}

/** Mails the invitation link to the invited address. */
export async function mailInvite(invite: Invite, token: string): Promise<string> {
  const url = inviteUrl(token);
  await sendMail({
    to: invite.email,
    subject: `${invite.invitedByName} invites you to ${invite.tenantName} on TagTime Data`,
    body: `Hello,\n\n${invite.invitedByName} invites you to join ${invite.tenantName} on TagTime Data as ${invite.role}. Open this link to accept (sign in or create an account with this address first; the link brings you back):\n${url}\n\nThe link works once, for ${INVITE_TTL_DAYS} days. If you do not know ${invite.invitedByName}, ignore this mail.`,
  });
  return url;
}
