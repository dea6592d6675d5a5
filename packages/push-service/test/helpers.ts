import { createPrivateKey, sign } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import { afterAll, beforeAll } from 'vitest';
import webpush, { type RequestOptions } from 'web-push';
import { type PushService, type PushSubscriptionJSON, startPushService } from '../src/index.js';

export const SUBJECT = 'mailto:pings@tagtime.example';

export type VapidKeys = webpush.VapidKeys;

/** Starts a stand-in and a VAPID key pair before a file's tests (handed to `use`); closes it after. */
export function useService(
  use: (started: { service: PushService; vapid: VapidKeys }) => void,
): void {
  let service: PushService | undefined;
  beforeAll(async () => {
    service = await startPushService();
    use({ service, vapid: webpush.generateVAPIDKeys() });
  });
  afterAll(() => service?.close());
}

/** Sends as the log server will: the real web-push library, trusting the test CA. */
export function send(
  service: PushService,
  subscription: PushSubscriptionJSON,
  payload: string | Buffer | null,
  vapid: VapidKeys,
  options: RequestOptions = {},
): Promise<webpush.SendResult> {
  return webpush.sendNotification(subscription, payload, {
    vapidDetails: { subject: SUBJECT, ...vapid },
    agent: service.agent,
    ...options,
  });
}

/** An `Authorization: vapid` header with whatever claims a test needs, signed by `vapid`. */
export function vapidHeader(vapid: VapidKeys, claims: Record<string, unknown>): string {
  const point = Buffer.from(vapid.publicKey, 'base64url');
  const key = createPrivateKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      d: vapid.privateKey,
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signed = `${encode({ typ: 'JWT', alg: 'ES256' })}.${encode(claims)}`;
  const signature = sign('sha256', Buffer.from(signed), { key, dsaEncoding: 'ieee-p1363' });
  return `vapid t=${signed}.${signature.toString('base64url')}, k=${vapid.publicKey}`;
}

export function inSeconds(seconds: number): number {
  return Math.floor(Date.now() / 1000) + seconds;
}

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A hand-made request, for what web-push never sends (no TTL, a damaged body). */
export function post(
  service: PushService,
  endpoint: string,
  headers: Record<string, string | number>,
  body: Buffer = Buffer.alloc(0),
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      endpoint,
      {
        method: 'POST',
        agent: service.agent,
        headers: { ...headers, 'Content-Length': body.length },
      },
      (incoming) => {
        let text = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk: string) => {
          text += chunk;
        });
        incoming.on('end', () =>
          resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: text }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
