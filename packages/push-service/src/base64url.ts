// Node's base64url decoder skips characters outside the alphabet; the protocol's fields must not
// have any, so they are checked first.
const ALPHABET = /^[A-Za-z0-9_-]*$/;

export function isBase64url(text: string): boolean {
  return ALPHABET.test(text);
}

export function decodeBase64url(text: string): Buffer | null {
  return isBase64url(text) ? Buffer.from(text, 'base64url') : null;
}

export function encodeBase64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}
