import type { Agent } from 'node:https';
import type { PushSubscription } from '@tagtime/db';
import webpush, { WebPushError } from 'web-push';

/** What became of one push to one subscription. */
export type SendOutcome =
  | { kind: 'sent' }
  /** 404/410: the subscription is gone for good (unsubscribed, expired). */
  | { kind: 'gone'; status: number }
  /** 429, 5xx or no answer: worth another try, not before `retryAfterMs` if the service said. */
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  /** Any other refusal (a wrong VAPID key, a body it will not take): trying again won't help. */
  | { kind: 'failed'; status: number; reason: string };

export interface SendOptions {
  vapid: { publicKey: string; privateKey: string; subject: string };
  /** Seconds the push service keeps the message for an offline browser. */
  ttlSeconds: number;
  /** No answer within this (ms of socket silence) is a retry. */
  timeoutMs: number;
  /** The HTTPS agent (tests: one trusting the stand-in's CA); default Node's global one. */
  agent?: Agent;
}

/** `Retry-After` as seconds or an HTTP date (RFC 9110 §10.2.3), in ms from now. */
function retryAfter(headers: Record<string, string | string[] | undefined> | undefined) {
  const value = headers?.['retry-after'];
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * Sends `payload` to one browser with web-push: RFC 8291 encryption (aes128gcm) and a VAPID
 * signature (RFC 8292). `Topic: ping` lets the push service replace an undelivered older ping
 * with the newer one; `Urgency: high`, because a ping is asked at its instant.
 */
export async function sendPush(
  subscription: Pick<PushSubscription, 'endpoint' | 'p256dh' | 'auth'>,
  payload: string,
  options: SendOptions,
): Promise<SendOutcome> {
  try {
    await webpush.sendNotification(
      {
        endpoint: subscription.endpoint,
        keys: { p256dh: subscription.p256dh, auth: subscription.auth },
      },
      payload,
      {
        vapidDetails: options.vapid,
        TTL: options.ttlSeconds,
        urgency: 'high',
        topic: 'ping',
        contentEncoding: 'aes128gcm',
        timeout: options.timeoutMs,
        ...(options.agent ? { agent: options.agent } : {}),
      },
    );
    return { kind: 'sent' };
  } catch (error) {
    if (!(error instanceof WebPushError)) {
      const reason = error instanceof Error ? error.message : String(error);
      // A socket error or timeout is the network's; anything else (keys web-push will not
      // encrypt to) fails the same way on every try.
      const network =
        (error as NodeJS.ErrnoException).code !== undefined || reason === 'Socket timeout';
      return network
        ? { kind: 'retry', reason: `no answer: ${reason}` }
        : { kind: 'failed', status: 0, reason: reason.slice(0, 200) };
    }
    const status = error.statusCode;
    if (status === 404 || status === 410) return { kind: 'gone', status };
    if (status === 429 || status >= 500) {
      const after = retryAfter(error.headers);
      return {
        kind: 'retry',
        reason: `${status}`,
        ...(after === undefined ? {} : { retryAfterMs: after }),
      };
    }
    return { kind: 'failed', status, reason: `${status} ${error.body}`.slice(0, 200) };
  }
}
