// The parts of a push message request (RFC 8030 §5) that do not depend on the subscription.
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { isBase64url } from './base64url.js';
import { Refusal } from './refusal.js';

export type Urgency = 'very-low' | 'low' | 'normal' | 'high';

export interface PushRequestHeaders {
  ttl: number;
  urgency: Urgency;
  topic: string | null;
}

const URGENCIES: ReadonlySet<string> = new Set<Urgency>(['very-low', 'low', 'normal', 'high']);
const MAX_TOPIC_LENGTH = 32; // RFC 8030 §5.4
// Bodies are read whole, whatever their size, so a refusal (413) reaches a client still writing;
// past this the client is cut off instead.
const MAX_READ_BYTES = 1024 * 1024;

export function readPushHeaders(headers: IncomingHttpHeaders): PushRequestHeaders {
  const ttl = single(headers, 'ttl');
  if (ttl === undefined) throw new Refusal(400, 'no TTL header (RFC 8030 §5.2 requires one)');
  if (!/^\d+$/.test(ttl)) {
    throw new Refusal(400, `TTL ${JSON.stringify(ttl)} is not a number of seconds (RFC 8030 §5.2)`);
  }
  const urgency = single(headers, 'urgency') ?? 'normal';
  if (!URGENCIES.has(urgency)) {
    throw new Refusal(400, `Urgency ${JSON.stringify(urgency)} is not one of RFC 8030 §5.3's`);
  }
  const topic = single(headers, 'topic') ?? null;
  if (topic !== null && (topic.length > MAX_TOPIC_LENGTH || !isBase64url(topic) || !topic)) {
    throw new Refusal(400, 'Topic must be 1-32 base64url characters (RFC 8030 §5.4)');
  }
  return { ttl: Number(ttl), urgency: urgency as Urgency, topic };
}

export function single(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > MAX_READ_BYTES) {
      throw new Refusal(413, `body over ${MAX_READ_BYTES} bytes`, { Connection: 'close' });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
