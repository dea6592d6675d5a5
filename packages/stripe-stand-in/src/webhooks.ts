/**
 * Webhook events as Stripe makes and signs them: `Stripe-Signature: t=<unix seconds>,v1=<hex
 * HMAC-SHA256 of "<t>.<payload>" with the endpoint's secret>`, so `stripe.webhooks.constructEvent`
 * verifies them. Delivered one at a time, in order, to the one endpoint (as `stripe listen
 * --forward-to` does); a failed delivery is retried a few times, then kept as failed.
 */
import { createHmac, randomBytes } from 'node:crypto';

export interface StripeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: unknown; previous_attributes?: unknown };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export interface Delivery {
  eventId: string;
  type: string;
  url: string;
  payload: string;
  signature: string;
  status: number | null;
  error?: string;
  attempts: number;
}

export function signPayload(
  payload: string,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
) {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${payload}`).digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

const RETRY_DELAYS_MS = [200, 1000, 3000];

export class WebhookSender {
  readonly deliveries: Delivery[] = [];
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly endpoint: { url: string; secret: string } | undefined) {}

  send(event: StripeEvent): void {
    if (!this.endpoint || this.closed) return;
    const { url, secret } = this.endpoint;
    this.queue = this.queue.then(() => this.deliver(event, url, secret));
  }

  /** Resolves once every event sent so far was delivered (or given up on). */
  idle(): Promise<void> {
    return this.queue;
  }

  close(): void {
    this.closed = true;
  }

  private async deliver(event: StripeEvent, url: string, secret: string): Promise<void> {
    const payload = JSON.stringify(event, null, 2);
    const delivery: Delivery = {
      eventId: event.id,
      type: event.type,
      url,
      payload,
      signature: '',
      status: null,
      attempts: 0,
    };
    this.deliveries.push(delivery);
    for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length && !this.closed; attempt += 1) {
      if (attempt > 0) await new Promise((done) => setTimeout(done, RETRY_DELAYS_MS[attempt - 1]));
      delivery.signature = signPayload(payload, secret);
      delivery.attempts += 1;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'stripe-signature': delivery.signature,
          },
          body: payload,
          signal: AbortSignal.timeout(20_000),
        });
        delivery.status = response.status;
        await response.arrayBuffer();
        if (response.ok) return;
        delivery.error = `HTTP ${response.status}`;
      } catch (error) {
        delivery.error = error instanceof Error ? error.message : String(error);
      }
    }
  }
}

export function newEventId(): string {
  return `evt_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
}
