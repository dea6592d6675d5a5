// Cross-site request forgery against route handlers: a page on another port of the same host
// is same-site, so SameSite=Lax sends the session cookie with its form posts. Every route
// handler that changes state is found in the source and called with such a forged request;
// each must refuse it before it looks at the session, so a new one cannot skip the check.
import { describe, expect, it } from 'vitest';
import { changesState, crossSiteRefusal } from '../src/lib/same-origin';
import { EXEMPT, SRC, sources } from './console-sources';
import { checkGuards } from './guard-coverage';

const CONSOLE = 'http://127.0.0.1:3000';

function request(
  method: string,
  headers: Record<string, string>,
  path = '/my-time/import',
): Request {
  return new Request(`${CONSOLE}${path}`, {
    method,
    headers: { host: '127.0.0.1:3000', ...headers },
    ...(method === 'GET' || method === 'HEAD' ? {} : { body: '1700000000 attack' }),
  });
}

describe('the same-origin check', () => {
  it('lets the console’s own page send its content type', () => {
    const own = { origin: CONSOLE, 'content-type': 'application/x-tagtime-log; charset=utf-8' };
    expect(crossSiteRefusal(request('POST', own), undefined)).toBeUndefined();
    // Behind a proxy the public URL names the host the browser saw.
    const proxied = request('POST', {
      ...own,
      origin: 'https://tagtime.example',
      host: 'app:3000',
    });
    expect(crossSiteRefusal(proxied, 'https://tagtime.example')).toBeUndefined();
  });

  it('refuses another port of the same host, another site, a missing or opaque origin', () => {
    for (const origin of ['http://127.0.0.1:4444', 'http://evil.test', 'null', undefined]) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (origin) headers.origin = origin;
      expect(crossSiteRefusal(request('POST', headers), CONSOLE)?.code).toBe('cross_site');
    }
  });

  it('refuses what a form can send, even from the console’s own origin', () => {
    for (const type of [
      'text/plain',
      'text/plain; charset=utf-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const refused = crossSiteRefusal(request('POST', { origin: CONSOLE, 'content-type': type }));
      expect(refused).toMatchObject({ status: 415, code: 'unsupported_media_type' });
    }
  });

  it('leaves reads alone', () => {
    expect(changesState('GET')).toBe(false);
    expect(changesState('DELETE')).toBe(true);
    expect(crossSiteRefusal(request('GET', { origin: 'http://evil.test' }))).toBeUndefined();
  });
});

describe('every route handler that changes state refuses a forged request', async () => {
  const { endpoints } = checkGuards(await sources(), EXEMPT);
  const changing = endpoints.filter((e) => e.kind === 'route' && changesState(e.name));

  it('finds them (the import among them)', () => {
    expect(changing.map((e) => `${e.file} ${e.name}`)).toContain(
      'app/(app)/my-time/import/route.ts POST',
    );
  });

  it.each(changing.map((e) => [`${e.name} ${e.file}`, e] as const))('%s', async (_, endpoint) => {
    const module = (await import(`${SRC}/${endpoint.file}`)) as Record<
      string,
      (request: Request, route: { params: Promise<unknown> }) => Promise<Response>
    >;
    const handler = module[endpoint.name];
    expect(handler).toBeTypeOf('function');
    const route = { params: Promise.resolve({ userId: 'usr_x', tenantId: 'ten_x' }) };
    if (endpoint.guard === 'withStripeWebhook') {
      // Stripe is not a browser: its proof is the signature, and a forged post has none.
      process.env.STRIPE_SECRET_KEY = 'sk_test_forgedrequests';
      process.env.STRIPE_WEBHOOK_SECRET = 'whsec_forgedrequests';
      const unsigned = await handler?.(
        request(endpoint.name, { origin: 'http://127.0.0.1:4444', 'content-type': 'text/plain' }),
        route,
      );
      expect(unsigned?.status).toBe(400);
      expect(await unsigned?.json()).toMatchObject({ error: { code: 'bad_signature' } });
      delete process.env.STRIPE_SECRET_KEY;
      delete process.env.STRIPE_WEBHOOK_SECRET;
      return;
    }
    const forged = await handler?.(
      request(endpoint.name, { origin: 'http://127.0.0.1:4444', 'content-type': 'text/plain' }),
      route,
    );
    expect(forged?.status).toBe(403);
    expect(await forged?.json()).toMatchObject({ error: { code: 'cross_site' } });
    const formPost = await handler?.(
      request(endpoint.name, { origin: CONSOLE, 'content-type': 'text/plain' }),
      route,
    );
    expect(formPost?.status).toBe(415);
  });
});
