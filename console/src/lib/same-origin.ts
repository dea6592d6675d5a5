/**
 * The cross-site request forgery check of every route handler that changes state, the one
 * server actions get from Next. SameSite=Lax is not enough: a page on another port of the same
 * host is same-site, so the session cookie rides along on its form posts. A request that
 * changes state must therefore come from the console's own origin (its `Origin` names the host
 * it was sent to, or the public URL) and carry a content type no form can send (a form sends
 * only the three below, and a cross-origin script sending anything else needs a CORS preflight
 * the console never grants).
 */

/** Methods that only read; every other method changes state. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What an HTML form (or a script without a preflight) can send. */
const FORM_CONTENT_TYPES = new Set([
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'text/plain',
]);

export interface CrossSiteRefusal {
  status: 403 | 415;
  code: 'cross_site' | 'unsupported_media_type';
  message: string;
}

export function changesState(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** Hosts the console answers as: the one the request was sent to, and the public URL's. */
function ownHosts(request: Request, publicUrl: string | undefined): Set<string> {
  const hosts = new Set<string>();
  const sentTo = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  if (sentTo) hosts.add(sentTo.split(',')[0]?.trim().toLowerCase() ?? '');
  if (publicUrl) {
    try {
      hosts.add(new URL(publicUrl).host.toLowerCase());
    } catch {
      // an unparsable NEXTAUTH_URL adds nothing
    }
  }
  hosts.delete('');
  return hosts;
}

/** Why a state-changing request is refused as cross-site, or undefined when it may go on. */
export function crossSiteRefusal(
  request: Request,
  publicUrl: string | undefined = process.env.NEXTAUTH_URL,
): CrossSiteRefusal | undefined {
  if (!changesState(request.method)) return undefined;
  const origin = request.headers.get('origin');
  let originHost: string | undefined;
  try {
    originHost = origin && origin !== 'null' ? new URL(origin).host.toLowerCase() : undefined;
  } catch {
    originHost = undefined;
  }
  if (!originHost || !ownHosts(request, publicUrl).has(originHost)) {
    return {
      status: 403,
      code: 'cross_site',
      message: 'This request did not come from the console’s own pages.',
    };
  }
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (!type || FORM_CONTENT_TYPES.has(type)) {
    return {
      status: 415,
      code: 'unsupported_media_type',
      message: 'Send this with the content type the console’s own page uses.',
    };
  }
  return undefined;
}
