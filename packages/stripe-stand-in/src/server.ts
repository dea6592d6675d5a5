/**
 * The stand-in's HTTP server on 127.0.0.1: `/v1/*` for the API (Bearer secret key, Stripe's
 * error bodies, `Idempotency-Key` replays), `/c/setup/*` and `/p/session/*` for the hosted pages,
 * and `/_stand-in/deliveries` (secret key too) for tests that replay a delivered webhook.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { findRoute, unknownRoute } from './api.js';
import { StripeError } from './errors.js';
import { parseForm } from './form.js';
import { stripeId } from './ids.js';
import { DEFAULT_RETRY_DAYS, InvoiceBook } from './invoices.js';
import {
  checkoutPage,
  type PageAnswer,
  portalPage,
  submitCheckout,
  submitPortalCard,
} from './pages.js';
import { loadState, saveState } from './state-file.js';
import { Store } from './store.js';
import { type Delivery, WebhookSender } from './webhooks.js';

const MAX_BODY_BYTES = 64 * 1024;

export interface StandInOptions {
  /** The secret key callers must send (`sk_test_…`). */
  secretKey: string;
  /** Where events are posted, signed with `secret` (`whsec_…`). */
  webhook?: { url: string; secret: string };
  port?: number;
  host?: string;
  /** Days after the first failed charge that invoices are retried. */
  retryDays?: number[];
  /** Keeps the objects in this JSON file across restarts (`npm start`); in memory without. */
  stateFile?: string;
}

export interface StripeStandIn {
  origin: string;
  port: number;
  store: Store;
  invoices: InvoiceBook;
  deliveries: Delivery[];
  /** Resolves once every webhook sent so far was delivered or given up on. */
  webhooksIdle(): Promise<void>;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new StripeError(
        413,
        { type: 'invalid_request_error', code: 'request_too_large' },
        'Request body too large.',
      );
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, {
    'content-type': 'application/json',
    'request-id': stripeId('req', 14),
    ...headers,
  });
  response.end(JSON.stringify(body));
}

function sendPage(response: ServerResponse, answer: PageAnswer) {
  if (answer.redirect) {
    response.writeHead(answer.status, { location: answer.redirect });
    response.end();
    return;
  }
  response.writeHead(answer.status, {
    'content-type': 'text/html; charset=utf-8',
    'x-frame-options': 'DENY',
  });
  response.end(answer.html);
}

export async function startStripeStandIn(options: StandInOptions): Promise<StripeStandIn> {
  if (!/^sk_test_\w{8,}$/.test(options.secretKey))
    throw new Error('The stand-in takes a test secret key: sk_test_ and 8 or more letters.');
  const webhooks = new WebhookSender(options.webhook);
  const store = new Store(webhooks);
  const invoices = new InvoiceBook(store, options.retryDays ?? DEFAULT_RETRY_DAYS);
  const { stateFile } = options;
  if (stateFile) loadState(stateFile, store, invoices);
  /** Written before the answer goes out: what a caller was told exists survives a restart. */
  const persist = (method: string | undefined) => {
    if (stateFile && method === 'POST') saveState(stateFile, store, invoices);
  };
  /** Idempotency-Key → the request it came with and the answer it got. */
  const idempotent = new Map<string, { request: string; status: number; body: unknown }>();
  let origin = '';

  async function api(request: IncomingMessage, response: ServerResponse, url: URL) {
    const auth = request.headers.authorization ?? '';
    const key = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    if (!sameSecret(key, options.secretKey)) {
      throw new StripeError(
        401,
        { type: 'invalid_request_error' },
        key
          ? `Invalid API Key provided: ${key.slice(0, 8)}…`
          : "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
      );
    }
    const method = request.method ?? 'GET';
    const body = method === 'POST' ? await readBody(request) : '';
    if (url.pathname === '/_stand-in/deliveries')
      return sendJson(response, 200, { data: webhooks.deliveries });
    const form = parseForm(method === 'POST' ? body : url.search.slice(1));
    const idempotencyKey = method === 'POST' ? request.headers['idempotency-key'] : undefined;
    const fingerprint = `${method} ${url.pathname} ${body}`;
    if (typeof idempotencyKey === 'string') {
      const earlier = idempotent.get(idempotencyKey);
      if (earlier) {
        if (earlier.request !== fingerprint) {
          throw new StripeError(
            400,
            { type: 'idempotency_error' },
            'Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than the one used.',
          );
        }
        return sendJson(response, earlier.status, earlier.body, {
          'idempotency-key': idempotencyKey,
          'idempotent-replayed': 'true',
        });
      }
    }
    const route = findRoute(method, url.pathname);
    let status = 200;
    let answer: unknown;
    try {
      if (!route) throw unknownRoute(method, url.pathname);
      answer = route.handler({ store, invoices, origin }, form, route.params);
    } catch (error) {
      if (!(error instanceof StripeError)) throw error;
      status = error.status;
      answer = error.json();
    }
    persist(method);
    // Stripe keeps the answer to a key, errors included (but not 5xx), for 24 hours.
    if (typeof idempotencyKey === 'string')
      idempotent.set(idempotencyKey, { request: fingerprint, status, body: answer });
    sendJson(
      response,
      status,
      answer,
      typeof idempotencyKey === 'string' ? { 'idempotency-key': idempotencyKey } : {},
    );
  }

  async function pages(request: IncomingMessage, response: ServerResponse, url: URL) {
    const [, area, kind, id = '', action] = url.pathname.split('/');
    const fields =
      request.method === 'POST'
        ? Object.fromEntries(new URLSearchParams(await readBody(request)))
        : {};
    if (area === 'c' && kind === 'setup') {
      const session = store.checkoutSessions.get(id);
      if (request.method !== 'POST') return sendPage(response, checkoutPage(session));
      const answer = submitCheckout(store, session, fields);
      persist('POST');
      return sendPage(response, answer);
    }
    if (area === 'p' && kind === 'session') {
      const session = store.portalSessions.get(id);
      if (request.method === 'POST' && action === 'card') {
        const answer = submitPortalCard(store, invoices, session, fields);
        persist('POST');
        return sendPage(response, answer);
      }
      const ok = url.searchParams.has('updated')
        ? 'Your card was saved; it pays your invoices from now on.'
        : undefined;
      return sendPage(response, portalPage(store, invoices, session, { ok }));
    }
    sendPage(response, { status: 404, html: 'Not found' });
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const isApi = url.pathname.startsWith('/v1/') || url.pathname.startsWith('/_stand-in/');
    (isApi ? api(request, response, url) : pages(request, response, url)).catch(
      (error: unknown) => {
        if (response.headersSent) return response.destroy();
        if (error instanceof StripeError) return sendJson(response, error.status, error.json());
        sendJson(response, 500, {
          error: {
            type: 'api_error',
            message: error instanceof Error ? error.message : String(error),
          },
        });
      },
    );
  });
  server.requestTimeout = 30_000;
  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => ready());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${options.host ?? '127.0.0.1'}:${port}`;
  return {
    origin,
    port,
    store,
    invoices,
    deliveries: webhooks.deliveries,
    webhooksIdle: () => webhooks.idle(),
    close: async () => {
      webhooks.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
