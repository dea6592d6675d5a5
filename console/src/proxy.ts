import { type NextRequest, NextResponse } from 'next/server';
import { publicLogServerOrigin } from './lib/public-log-server';
import { RETURN_TO_HEADER } from './lib/return-path';

/**
 * A fresh nonce per page: Next puts it on its own scripts, so the policy allows no inline script
 * an attacker could inject. Styles stay inline-able (Tailwind and toasts write style
 * attributes). `frame-ancestors 'none'` refuses framing (clickjacking). The web pinger talks to
 * the log server directly, so `connect-src` allows that one origin besides the console's own;
 * `worker-src 'self'` lets the pinger's service worker register, from this origin only.
 */
function contentSecurityPolicy(nonce: string): string {
  const development = process.env.NODE_ENV === 'development';
  const logServer = publicLogServerOrigin();
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${logServer ? ` ${logServer}` : ''}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** True when the public URL is https: then browsers are told to use nothing else (HSTS). */
const onHttps = () => (process.env.NEXTAUTH_URL ?? '').startsWith('https://');

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const policy = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set('content-security-policy', policy);
  // Pages that send a signed-out visitor to sign-in come back here afterwards.
  headers.set(RETURN_TO_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', policy);
  if (onHttps()) {
    response.headers.set('strict-transport-security', 'max-age=63072000; includeSubDomains');
  }
  return response;
}

export const config = {
  // Pages only: built assets and the auth API need neither a nonce nor a return path.
  matcher: [
    {
      source: '/((?!_next/static|_next/image|favicon.ico|api/).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
