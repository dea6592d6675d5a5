// Web Push at each ping (the "ring me when closed" of the web pinger): the calls a device makes
// to register its browser's push subscription, and the message the server sends at a ping.
import { z } from 'zod';

/** A ping's time: whole unix seconds. */
const pingTimeSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** base64url of exactly `bytes` bytes (padding tolerated, as some browsers add it); no Buffer. */
const base64urlBytes = (bytes: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+={0,2}$/)
    .refine((text) => Math.floor((text.replace(/=+$/, '').length * 3) / 4) === bytes, {
      message: `must be ${bytes} bytes of base64url`,
    });

/**
 * `PUT /v1/push/subscription`: the browser's `PushSubscription.toJSON()` as it is. Fields it
 * may add later are ignored.
 */
export const pushSubscriptionBodySchema = z.object({
  endpoint: z
    .url({ protocol: /^https$/ })
    .max(1024)
    .describe("The push service's URL for this browser (https)."),
  expirationTime: z.number().nullable().optional().describe('Ignored; browsers send null.'),
  keys: z.object({
    p256dh: base64urlBytes(65).describe("The browser's P-256 public key, uncompressed."),
    auth: base64urlBytes(16).describe("The browser's auth secret."),
  }),
});
export type PushSubscriptionBody = z.infer<typeof pushSubscriptionBodySchema>;

/** `GET`, `PUT` and `DELETE /v1/push/subscription` → 200. */
export const pushStateSchema = z.object({
  publicKey: z
    .string()
    .describe("The server's VAPID public key (base64url): the Push API's applicationServerKey."),
  subscribed: z.boolean().describe('True while the calling device has a subscription.'),
  endpoint: z.string().nullable().describe("The calling device's subscription endpoint, if any."),
});
export type PushState = z.infer<typeof pushStateSchema>;

/** How many of the user's top tags a push carries (notification actions, after the first few). */
export const PUSH_TAGS = 8;
/** How far back a push lists answered pings, so their notifications can be closed. */
export const PUSH_ANSWERED_SECONDS = 24 * 3600;

/**
 * The decrypted payload of a push (JSON, RFC 8291-encrypted on the wire). `ping` is its stable
 * id: delivery is at least once, so a receiver shows one notification per ping (its tag).
 */
export const pushMessageSchema = z.object({
  v: z.literal(1),
  ping: pingTimeSchema.describe('The ping to ask about (unix seconds).'),
  tags: z
    .array(z.string())
    .max(PUSH_TAGS)
    .describe("The user's top tags by frecency, for the notification's actions."),
  answered: z
    .array(pingTimeSchema)
    .describe('Pings of the last day that have an answer: their notifications can close.'),
});
export type PushMessage = z.infer<typeof pushMessageSchema>;
