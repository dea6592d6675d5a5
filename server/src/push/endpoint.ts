import { createECDH } from 'node:crypto';

/**
 * Whether the server may POST to `endpoint`: https, on one of `hosts` (an entry allows its
 * subdomains too; `host:port` allows that port only). A device chooses the URL, so without this
 * it could make the server call any address it reaches, internal ones included.
 */
export function allowedEndpoint(endpoint: string, hosts: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') return false;
  const host = url.hostname.toLowerCase();
  return hosts.some((entry) => {
    if (entry.includes(':')) return url.host.toLowerCase() === entry;
    return url.port === '' && (host === entry || host.endsWith(`.${entry}`));
  });
}

/** Whether `p256dh` (base64url) is a point on P-256, as encrypting to it needs. */
export function validBrowserKey(p256dh: string): boolean {
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    ecdh.computeSecret(Buffer.from(p256dh, 'base64url'));
    return true;
  } catch {
    return false;
  }
}
