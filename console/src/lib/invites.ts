import 'server-only';
import type { TenantRole } from '@tagtime/db';
import { jwtVerify, SignJWT } from 'jose';
import { consoleSecret } from './secret';

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

const AUDIENCE = 'tagtime-console:invite';
const key = () => new TextEncoder().encode(consoleSecret());

export async function signInvite(invite: Invite): Promise<string> {
  return new SignJWT({ ...invite })
    .setProtectedHeader({ alg: 'HS256' })
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('7d')
    .sign(key());
}

/** The invite in a token, or undefined when it is forged, altered or expired. */
export async function readInvite(token: string): Promise<Invite | undefined> {
  try {
    const { payload } = await jwtVerify(token, key(), { audience: AUDIENCE });
    const { tenantId, tenantName, role, email, invitedBy } = payload as Record<string, unknown>;
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
  } catch {
    return undefined;
  }
}
