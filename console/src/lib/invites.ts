import 'server-only';
import type { TenantRole } from '@tagtime/db';
import { readToken, signToken } from './tokens';

/**
 * An invitation is a signed token, not a row: it names the tenant, the role, the invited email
 * and the manager who sent it, and expires in 7 days. Accepting re-checks with the database
 * that the sender may still add members, so a demoted admin's old links stop working.
 */
export interface Invite {
  tenantId: string;
  tenantName: string;
  role: TenantRole;
  email: string;
  invitedBy: string;
}

export function signInvite(invite: Invite): Promise<string> {
  return signToken('invite', { ...invite }, '7d');
}

/** The invite in a token, or undefined when it is forged, altered or expired. */
export async function readInvite(token: string): Promise<Invite | undefined> {
  const payload = await readToken('invite', token);
  if (!payload) return undefined;
  const { tenantId, tenantName, role, email, invitedBy } = payload;
  if (
    typeof tenantId !== 'string' ||
    typeof tenantName !== 'string' ||
    typeof email !== 'string' ||
    typeof invitedBy !== 'string' ||
    (role !== 'owner' && role !== 'admin' && role !== 'member')
  ) {
    return undefined;
  }
  return { tenantId, tenantName, role, email, invitedBy };
}
