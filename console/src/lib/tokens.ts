import 'server-only';
import { jwtVerify, SignJWT } from 'jose';
import { consoleSecret } from './secret';

const key = () => new TextEncoder().encode(consoleSecret());

/** A signed, expiring token for one purpose (the audience), e.g. a verification link. */
export function signToken(
  purpose: string,
  claims: Record<string, string>,
  expiresIn: string,
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setAudience(`tagtime-console:${purpose}`)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key());
}

/** The claims of a valid token for `purpose`; undefined when forged, altered, expired or for another purpose. */
export async function readToken(
  purpose: string,
  token: string,
): Promise<Record<string, unknown> | undefined> {
  try {
    const { payload } = await jwtVerify(token, key(), { audience: `tagtime-console:${purpose}` });
    return payload as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
