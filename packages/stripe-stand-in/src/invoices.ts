/**
 * Invoices as Stripe collects them: invoice items gathered on a draft, finalized to `open`, paid
 * with the customer's default card (`pay`), retried on the account's retry schedule when
 * `auto_advance` is on (driven by the customer's test clock), voided, or marked uncollectible
 * once the retries are spent. Every change is announced as Stripe announces it.
 */
import { StripeError } from './errors.js';
import { seconds, stripeId } from './ids.js';
import type { Obj, Store } from './store.js';

/** Days after the first failed charge that Stripe retries (the account's retry schedule). */
export const DEFAULT_RETRY_DAYS = [1, 3, 7];

export interface Invoice extends Obj {
  object: 'invoice';
  customer: string;
  status: 'draft' | 'open' | 'paid' | 'void' | 'uncollectible';
  currency: string;
  auto_advance: boolean;
  attempt_count: number;
  attempted: boolean;
  next_payment_attempt: number | null;
  amount_due: number;
  amount_paid: number;
  amount_remaining: number;
  total: number;
  subtotal: number;
  lines: { object: 'list'; data: Obj[]; has_more: false; url: string };
  status_transitions: Record<string, number | null>;
  /** When the first charge failed: retries count from here. */
  first_failure_at?: number;
}

export class InvoiceBook {
  readonly invoices = new Map<string, Invoice>();
  private numbers = 0;

  get numbering(): number {
    return this.numbers;
  }

  restoreNumbering(numbers: number): void {
    this.numbers = numbers;
  }

  constructor(
    private readonly store: Store,
    private readonly retryDays: number[] = DEFAULT_RETRY_DAYS,
  ) {}

  get(id: string): Invoice {
    const invoice = this.invoices.get(id);
    if (!invoice)
      throw new StripeError(
        404,
        { type: 'invalid_request_error', code: 'resource_missing', param: 'invoice' },
        `No such invoice: '${id}'`,
      );
    return invoice;
  }

  /** What answers show: the internal retry bookkeeping left out. */
  view(invoice: Invoice): Obj {
    const { first_failure_at: _first, ...shown } = invoice;
    return shown;
  }

  create(input: {
    customer: string;
    currency: string;
    autoAdvance: boolean;
    description: string | null;
    metadata: Record<string, string>;
  }): Invoice {
    this.store.customer(input.customer);
    const id = stripeId('in');
    const invoice: Invoice = {
      id,
      object: 'invoice',
      created: seconds(this.store.nowFor(input.customer)),
      customer: input.customer,
      status: 'draft',
      number: null,
      currency: input.currency,
      collection_method: 'charge_automatically',
      auto_advance: input.autoAdvance,
      attempt_count: 0,
      attempted: false,
      next_payment_attempt: null,
      amount_due: 0,
      amount_paid: 0,
      amount_remaining: 0,
      total: 0,
      subtotal: 0,
      description: input.description,
      metadata: input.metadata,
      lines: { object: 'list', data: [], has_more: false, url: `/v1/invoices/${id}/lines` },
      status_transitions: {
        finalized_at: null,
        paid_at: null,
        voided_at: null,
        marked_uncollectible_at: null,
      },
      test_clock: this.store.customer(input.customer).test_clock,
      livemode: false,
    };
    this.invoices.set(id, invoice);
    this.store.emit('invoice.created', this.view(invoice), { customer: invoice.customer });
    return invoice;
  }

  addItem(invoice: Invoice, item: Obj & { amount: number }): void {
    if (invoice.status !== 'draft') {
      throw new StripeError(
        400,
        { type: 'invalid_request_error', code: 'invoice_not_editable', param: 'invoice' },
        `You can only add invoice items to draft invoices; ${invoice.id} is ${invoice.status}.`,
      );
    }
    invoice.lines.data.push({
      id: stripeId('il'),
      object: 'line_item',
      amount: item.amount,
      currency: invoice.currency,
      description: item.description ?? null,
      invoice_item: item.id,
      quantity: 1,
    });
    invoice.subtotal += item.amount;
    invoice.total = invoice.subtotal;
    invoice.amount_due = Math.max(0, invoice.total);
    invoice.amount_remaining = invoice.amount_due;
  }

  finalize(invoice: Invoice): Invoice {
    if (invoice.status !== 'draft') {
      throw new StripeError(
        400,
        { type: 'invalid_request_error', code: 'invoice_not_editable' },
        `This invoice is already finalized, you can't re-finalize a non-draft invoice.`,
      );
    }
    this.numbers += 1;
    invoice.status = 'open';
    invoice.number = `STANDIN-${String(this.numbers).padStart(4, '0')}`;
    invoice.status_transitions.finalized_at = seconds(this.store.nowFor(invoice.customer));
    invoice.hosted_invoice_url = null;
    this.store.emit('invoice.finalized', this.view(invoice), { customer: invoice.customer });
    return invoice;
  }

  /** One charge of the invoice's remaining amount on the customer's default card. */
  pay(invoice: Invoice, options: { outOfBand?: boolean } = {}): Invoice {
    if (invoice.status === 'draft') this.finalize(invoice);
    if (invoice.status === 'paid') {
      throw new StripeError(
        400,
        { type: 'invalid_request_error', code: 'invoice_already_paid' },
        'Invoice is already paid',
      );
    }
    if (invoice.status !== 'open') {
      throw new StripeError(
        400,
        { type: 'invalid_request_error', code: 'invoice_not_open' },
        `You cannot pay an invoice that is ${invoice.status}.`,
      );
    }
    const now = this.store.nowFor(invoice.customer);
    if (options.outOfBand) return this.markPaid(invoice, now);
    const customer = this.store.customer(invoice.customer);
    const methodId = customer.invoice_settings.default_payment_method;
    if (!methodId) {
      throw new StripeError(
        400,
        { type: 'invalid_request_error', code: 'invoice_no_payment_method_types' },
        'This customer has no attached payment source or default payment method.',
      );
    }
    invoice.attempt_count += 1;
    invoice.attempted = true;
    const decline = this.declineFor(methodId);
    if (!decline) return this.markPaid(invoice, now);
    invoice.first_failure_at ??= seconds(now);
    const retry = invoice.auto_advance ? this.retryDays[invoice.attempt_count - 1] : undefined;
    invoice.next_payment_attempt =
      retry === undefined ? null : invoice.first_failure_at + retry * 86400;
    this.store.emit('invoice.payment_failed', this.view(invoice), { customer: invoice.customer });
    if (invoice.auto_advance && invoice.next_payment_attempt === null) {
      invoice.status = 'uncollectible';
      invoice.status_transitions.marked_uncollectible_at = seconds(now);
      this.store.emit('invoice.marked_uncollectible', this.view(invoice), {
        customer: invoice.customer,
      });
    }
    throw new StripeError(
      402,
      {
        type: 'card_error',
        code: decline.code,
        ...(decline.declineCode ? { decline_code: decline.declineCode } : {}),
        charge: stripeId('ch'),
        payment_method: { id: methodId },
      },
      decline.message,
    );
  }

  void(invoice: Invoice): Invoice {
    if (invoice.status !== 'open' && invoice.status !== 'uncollectible') {
      throw new StripeError(
        400,
        { type: 'invalid_request_error', code: 'invoice_not_open' },
        `You can only void open invoices; ${invoice.id} is ${invoice.status}.`,
      );
    }
    invoice.status = 'void';
    invoice.next_payment_attempt = null;
    invoice.amount_remaining = 0;
    invoice.status_transitions.voided_at = seconds(this.store.nowFor(invoice.customer));
    this.store.emit('invoice.voided', this.view(invoice), { customer: invoice.customer });
    return invoice;
  }

  /** Automatic retries that fall due by the clock's new time, in time order. */
  retryDue(clockId: string, until: number): void {
    for (;;) {
      const due = [...this.invoices.values()]
        .filter(
          (invoice) =>
            invoice.test_clock === clockId &&
            invoice.status === 'open' &&
            invoice.next_payment_attempt !== null &&
            invoice.next_payment_attempt <= until,
        )
        .sort((a, b) => (a.next_payment_attempt ?? 0) - (b.next_payment_attempt ?? 0));
      const invoice = due[0];
      if (!invoice) return;
      const clock = this.store.clocks.get(clockId);
      if (clock) clock.frozen_time = invoice.next_payment_attempt ?? clock.frozen_time;
      try {
        this.pay(invoice);
      } catch (error) {
        if (!(error instanceof StripeError)) throw error;
      }
    }
  }

  private declineFor(methodId: string) {
    const number = this.store.cardNumbers.get(methodId) ?? '';
    return number === '4000000000000341'
      ? {
          code: 'card_declined',
          declineCode: 'generic_decline',
          message: 'Your card was declined.',
        }
      : undefined;
  }

  private markPaid(invoice: Invoice, now: Date): Invoice {
    invoice.status = 'paid';
    invoice.amount_paid = invoice.amount_due;
    invoice.amount_remaining = 0;
    invoice.next_payment_attempt = null;
    invoice.status_transitions.paid_at = seconds(now);
    this.store.emit('invoice.paid', this.view(invoice), { customer: invoice.customer });
    this.store.emit('invoice.payment_succeeded', this.view(invoice), {
      customer: invoice.customer,
    });
    return invoice;
  }
}
