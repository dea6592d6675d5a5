import 'server-only';
import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import {
  addPasskey,
  findPasskey,
  listPasskeys,
  recordPasskeyUse,
  setWebauthnChallenge,
  takeWebauthnChallenge,
} from '@tagtime/db';
import { db } from '../db';
import { publicOrigin } from '../mail';

/**
 * Passkeys (WebAuthn, with SimpleWebAuthn). The relying party is the console's own public URL
 * (NEXTAUTH_URL, as mailed links use it): its host is the RP id and its origin the only one accepted. WebAuthn refuses
 * an IP address as RP id, so a local console runs at http://localhost:PORT. The challenge of
 * each ceremony is kept on the session's row and taken once.
 */
function relyingParty(): { id: string; origin: string } {
  const { hostname, origin } = new URL(publicOrigin());
  return { id: hostname, origin };
}

/** A stored passkey as WebAuthn names it: its credential id and transports. */
const credentialOf = (key: { credentialId: string; transports: string | null }) => ({
  id: key.credentialId,
  transports: (key.transports ? key.transports.split(',') : []) as AuthenticatorTransportFuture[],
});

/** The user's passkeys, to exclude at enrolment or allow at sign-in. */
async function heldCredentials(userId: string) {
  return (await listPasskeys(db(), userId)).map(credentialOf);
}

export async function passkeyRegistrationOptions(
  user: { id: string; email: string; name: string },
  sessionId: string,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const options = await generateRegistrationOptions({
    rpName: 'TagTime Data',
    rpID: relyingParty().id,
    userName: user.email,
    userDisplayName: user.name,
    userID: new TextEncoder().encode(user.id),
    attestationType: 'none',
    excludeCredentials: await heldCredentials(user.id),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
  await setWebauthnChallenge(db(), { sessionId, challenge: options.challenge });
  return options;
}

/** Verifies and stores a new passkey; false when the answer does not match the challenge. */
export async function registerPasskey(
  userId: string,
  sessionId: string,
  response: RegistrationResponseJSON,
  name: string,
): Promise<boolean> {
  const challenge = await takeWebauthnChallenge(db(), sessionId);
  if (!challenge) return false;
  const rp = relyingParty();
  const result = await verifyRegistrationResponse({
    response,
    expectedChallenge: challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    requireUserVerification: false,
  }).catch(() => undefined);
  if (!result?.verified || !result.registrationInfo) return false;
  const { credential } = result.registrationInfo;
  await addPasskey(db(), {
    userId,
    credentialId: credential.id,
    publicKey: Buffer.from(credential.publicKey).toString('base64url'),
    counter: credential.counter,
    transports: credential.transports ?? [],
    name,
  });
  return true;
}

export async function passkeySignInOptions(
  userId: string,
  sessionId: string,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().id,
    allowCredentials: await heldCredentials(userId),
    userVerification: 'preferred',
  });
  await setWebauthnChallenge(db(), { sessionId, challenge: options.challenge });
  return options;
}

/** Whether the answer proves one of the user's own passkeys (another person's is refused). */
export async function verifyPasskeySignIn(
  userId: string,
  sessionId: string,
  response: AuthenticationResponseJSON,
): Promise<boolean> {
  const challenge = await takeWebauthnChallenge(db(), sessionId);
  if (!challenge || typeof response?.id !== 'string' || response.id.length > 512) return false;
  const key = await findPasskey(db(), response.id);
  if (!key || key.userId !== userId) return false;
  const rp = relyingParty();
  const result = await verifyAuthenticationResponse({
    response,
    expectedChallenge: challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    credential: {
      ...credentialOf(key),
      publicKey: new Uint8Array(Buffer.from(key.publicKey, 'base64url')),
      counter: key.counter,
    },
    requireUserVerification: false,
  }).catch(() => undefined);
  if (!result?.verified) return false;
  await recordPasskeyUse(db(), { id: key.id, counter: result.authenticationInfo.newCounter });
  return true;
}
