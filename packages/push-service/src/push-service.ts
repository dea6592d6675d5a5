// A stand-in for a Web Push service (the role FCM or Mozilla autopush plays), for tests and
// local development ONLY: it listens on 127.0.0.1 with a certificate from a throwaway CA, takes
// push message requests as RFC 8030, 8291 and 8292 say, decrypts them with the subscription's
// keys and records them. See README.md for what it checks and what it does not.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import { Agent, createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeBase64url } from './base64url.js';
import { MessageLog, type PushMessage, type WaitOptions } from './message-log.js';
import { decryptPayload, parseJson, utf8 } from './message-payload.js';
import { readBody, readPushHeaders, single } from './push-request.js';
import { Refusal } from './refusal.js';
import {
  applicationServerKeyOf,
  createSubscriptionKeys,
  type SubscriptionKeys,
} from './subscription-keys.js';
import { createTestCertificates, type TestCertificates } from './test-ca.js';
import { verifyVapid } from './vapid.js';

export interface PushServiceOptions {
  /** Port on 127.0.0.1; 0, the default, lets the system pick a free one. */
  port?: number;
  /** Largest encrypted body accepted (413 past it). Default 4096, RFC 8030 §7.2's minimum. */
  maxBodyBytes?: number;
  /**
   * Certificates made earlier (`createTestCertificates`), instead of fresh ones: for a sender
   * started before this service, which was given the CA then (Node reads NODE_EXTRA_CA_CERTS
   * only at its start), as browser tests start the log server before the test that runs this.
   */
  certificates?: TestCertificates;
}

/** The JSON of a browser's PushSubscription, as `web-push` takes it. */
export interface PushSubscriptionJSON {
  endpoint: string;
  expirationTime: null;
  keys: { p256dh: string; auth: string };
}

export interface SubscribeOptions {
  /** Restricts the subscription to this VAPID key (RFC 8292 §4): base64url or raw point. */
  applicationServerKey?: string | Uint8Array;
}

/** An answer the test scripts for the next request(s) to one endpoint. */
export type ScriptedAnswer =
  | { status: 404 | 410 }
  | { status: 429 | 500 | 503; retryAfter?: number };

/** A request the stand-in did not accept, and why. */
export interface Refused {
  /** The endpoint the request was for; null when its path names none. */
  endpoint: string | null;
  status: number;
  reason: string;
  receivedAt: number;
}

/** A request held by `holdNext`: the test learns it arrived, and says when it is answered. */
export interface HeldRequest {
  /** Resolves once the request has arrived whole (and is waiting). */
  arrived: Promise<void>;
  /** Lets the request go on: it is checked, recorded and answered as any other. */
  release(): void;
}

interface Hold {
  arrived: () => void;
  released: Promise<void>;
  release: () => void;
}

interface Subscription {
  keys: SubscriptionKeys;
  applicationServerKey: Buffer | undefined;
  script: ScriptedAnswer[];
  holds: Hold[];
}

const DEFAULT_MAX_BODY_BYTES = 4096;
const PUSH_PATH = /^\/push\/([A-Za-z0-9_-]+)$/;

export function startPushService(options: PushServiceOptions = {}): Promise<PushService> {
  return PushService.start(options);
}

export class PushService {
  /** `https://127.0.0.1:PORT`: the audience VAPID tokens must name. */
  readonly origin: string;
  /** An agent that trusts the test CA, for in-process clients (web-push's `agent` option). */
  readonly agent: Agent;
  private readonly subscriptions = new Map<string, Subscription>();
  // Endpoints that existed and no longer do, with the status they now answer.
  private readonly gone = new Map<string, 404 | 410>();
  private readonly refused: Refused[] = [];
  private readonly log = new MessageLog(() => this.describe());
  private caDirectory: Promise<string> | undefined;
  private readonly held = new Set<Hold>();

  private constructor(
    /** The test CA's certificate (PEM). Trust it in tests only. */
    readonly caPem: string,
    private readonly server: Server,
    private readonly maxBodyBytes: number,
  ) {
    const { port } = server.address() as AddressInfo;
    this.origin = `https://127.0.0.1:${port}`;
    this.agent = new Agent({ ca: caPem, keepAlive: true });
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      void this.answer(request, response);
    });
  }

  static async start(options: PushServiceOptions = {}): Promise<PushService> {
    const { caPem, certPem, keyPem } = options.certificates ?? (await createTestCertificates());
    const server = createServer({ cert: certPem, key: keyPem });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new PushService(caPem, server, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
  }

  /**
   * The path of a file holding the CA certificate, for a child process's NODE_EXTRA_CA_CERTS
   * (Node reads that variable only at startup). Removed by close().
   */
  caFile(): Promise<string> {
    this.caDirectory ??= mkdtemp(join(tmpdir(), 'tagtime-push-ca-'));
    return this.caDirectory.then(async (directory) => {
      const path = join(directory, 'ca.pem');
      await writeFile(path, this.caPem);
      return path;
    });
  }

  /** Subscribes as a browser does: fresh P-256 keys and auth secret, kept here to decrypt. */
  subscribe(options: SubscribeOptions = {}): PushSubscriptionJSON {
    const applicationServerKey = applicationServerKeyOf(options.applicationServerKey);
    const id = randomBytes(16).toString('base64url');
    const keys = createSubscriptionKeys();
    this.subscriptions.set(id, { keys, applicationServerKey, script: [], holds: [] });
    return {
      endpoint: this.endpointOf(id),
      expirationTime: null,
      keys: { p256dh: encodeBase64url(keys.publicKey), auth: encodeBase64url(keys.auth) },
    };
  }

  /** The browser unsubscribes: every later request to the endpoint answers 410 Gone. */
  unsubscribe(endpoint: string): void {
    this.forget(this.idOf(endpoint), 410);
  }

  isSubscribed(endpoint: string): boolean {
    return this.subscriptions.has(this.idOf(endpoint));
  }

  /**
   * The next `times` requests to the endpoint get `answer` instead of being delivered. 404 and
   * 410 also end the subscription, as they do at a real service: later requests get the same.
   */
  failNext(endpoint: string, times: number, answer: ScriptedAnswer): void {
    const subscription = this.subscriptions.get(this.idOf(endpoint));
    if (!subscription) throw new Error(`${endpoint} is not subscribed`);
    if (!Number.isInteger(times) || times < 1) throw new RangeError('times must be 1 or more');
    for (let i = 0; i < times; i++) subscription.script.push(answer);
  }

  /**
   * Holds the next request to the endpoint once it has arrived whole, until `release()`: a
   * sender is then mid-send for as long as the test wants (to kill it there, say). Released,
   * the request goes on as usual — delivered and recorded even if its sender is gone by then,
   * as a real push service keeps a message it has received.
   */
  holdNext(endpoint: string): HeldRequest {
    const subscription = this.subscriptions.get(this.idOf(endpoint));
    if (!subscription) throw new Error(`${endpoint} is not subscribed`);
    let arrived!: () => void;
    let release!: () => void;
    const arrival = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const hold = { arrived, released, release };
    subscription.holds.push(hold);
    this.held.add(hold);
    return { arrived: arrival, release };
  }

  /** Messages delivered (201), in arrival order; to one endpoint or all. */
  messages(endpoint?: string): PushMessage[] {
    return this.log.list(endpoint);
  }

  count(endpoint?: string): number {
    return this.log.list(endpoint).length;
  }

  /** Requests not delivered, in arrival order; to one endpoint or all. */
  refusals(endpoint?: string): Refused[] {
    return this.refused.filter(
      (refusal) => endpoint === undefined || refusal.endpoint === endpoint,
    );
  }

  /** The next message not yet returned by this method (per endpoint filter); rejects on timeout. */
  nextMessage(options?: WaitOptions): Promise<PushMessage> {
    return this.log.next(options);
  }

  /** Resolves once at least `count` messages were delivered (to the endpoint, or in all). */
  waitForCount(count: number, options?: WaitOptions): Promise<PushMessage[]> {
    return this.log.waitForCount(count, options);
  }

  async close(): Promise<void> {
    for (const hold of this.held) hold.release();
    this.log.close();
    this.agent.destroy();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
    if (this.caDirectory) await rm(await this.caDirectory, { recursive: true, force: true });
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const receivedAt = Date.now();
    let endpoint: string | null = null;
    try {
      const id = PUSH_PATH.exec(new URL(request.url ?? '/', this.origin).pathname)?.[1];
      if (!id) throw new Refusal(404, 'no such resource: push messages go to /push/<id>');
      endpoint = this.endpointOf(id);
      if (request.method !== 'POST') {
        throw new Refusal(405, 'push messages are POSTed (RFC 8030 §5)', { Allow: 'POST' });
      }
      const subscription = this.subscriptionOf(id);
      const body = await readBody(request);
      const hold = subscription.holds.shift();
      if (hold) {
        hold.arrived();
        await hold.released;
        this.held.delete(hold);
      }
      const scripted = subscription.script.shift();
      if (scripted) throw this.scripted(id, scripted);
      const message = this.accept(request, body, subscription, endpoint, receivedAt);
      this.log.add(message);
      response.writeHead(201, { Location: message.location, TTL: String(message.ttl) }).end();
    } catch (error) {
      const refusal =
        error instanceof Refusal
          ? error
          : new Refusal(500, `stand-in failure: ${error instanceof Error ? error.stack : error}`);
      this.refused.push({ endpoint, status: refusal.status, reason: refusal.message, receivedAt });
      const body = {
        code: refusal.status,
        error: STATUS_CODES[refusal.status],
        message: refusal.message,
      };
      response
        .writeHead(refusal.status, { ...refusal.headers, 'Content-Type': 'application/json' })
        .end(JSON.stringify(body));
    }
  }

  // Header checks, then VAPID, then size, then decryption: each refusal with its own status.
  private accept(
    request: IncomingMessage,
    body: Buffer,
    subscription: Subscription,
    endpoint: string,
    receivedAt: number,
  ): PushMessage {
    const headers = readPushHeaders(request.headers);
    const vapid = verifyVapid(request.headers.authorization, {
      origin: this.origin,
      nowSeconds: Math.floor(Date.now() / 1000),
      applicationServerKey: subscription.applicationServerKey,
    });
    if (body.length > this.maxBodyBytes) {
      throw new Refusal(
        413,
        `body of ${body.length} bytes; this service takes ${this.maxBodyBytes}`,
      );
    }
    const payload = decryptPayload(
      single(request.headers, 'content-encoding'),
      body,
      subscription.keys,
    );
    const text = payload && utf8(payload);
    return {
      endpoint,
      location: `${this.origin}/message/${randomBytes(12).toString('base64url')}`,
      receivedAt,
      ...headers,
      vapid,
      payload,
      text,
      json: text === null ? undefined : parseJson(text),
    };
  }

  private scripted(id: string, answer: ScriptedAnswer): Refusal {
    if (answer.status === 404 || answer.status === 410) this.forget(id, answer.status);
    const retryAfter = 'retryAfter' in answer ? answer.retryAfter : undefined;
    const headers: Record<string, string> =
      retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) };
    return new Refusal(answer.status, `scripted ${answer.status} (failNext)`, headers);
  }

  private subscriptionOf(id: string): Subscription {
    const subscription = this.subscriptions.get(id);
    if (subscription) return subscription;
    const status = this.gone.get(id);
    if (status) throw new Refusal(status, 'the subscription has ended');
    throw new Refusal(404, 'no such subscription');
  }

  private forget(id: string, status: 404 | 410): void {
    this.subscriptions.delete(id);
    this.gone.set(id, status);
  }

  private endpointOf(id: string): string {
    return `${this.origin}/push/${id}`;
  }

  private idOf(endpoint: string): string {
    const prefix = `${this.origin}/push/`;
    const id = endpoint.startsWith(prefix) ? endpoint.slice(prefix.length) : '';
    if (!this.subscriptions.has(id) && !this.gone.has(id)) {
      throw new Error(`${endpoint} is not an endpoint of this push service`);
    }
    return id;
  }

  private describe(): string {
    const last = this.refused.slice(-3).map((r) => `${r.status} ${r.reason}`);
    return `${this.count()} delivered, ${this.refused.length} refused${last.length ? ` (last: ${last.join('; ')})` : ''}`;
  }
}
