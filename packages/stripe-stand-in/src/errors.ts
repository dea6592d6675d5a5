/** Stripe's error body, `{ error: { type, code, decline_code, message, param } }`, with its status. */
export class StripeError extends Error {
  constructor(
    readonly status: number,
    readonly body: {
      type:
        | 'invalid_request_error'
        | 'card_error'
        | 'api_error'
        | 'authentication_error'
        | 'idempotency_error';
      code?: string;
      decline_code?: string;
      param?: string;
      charge?: string;
      payment_method?: { id: string };
    },
    message: string,
  ) {
    super(message);
  }

  json() {
    return { error: { ...this.body, message: this.message } };
  }
}

export function missing(kind: string, id: string, param = 'id'): StripeError {
  return new StripeError(
    404,
    { type: 'invalid_request_error', code: 'resource_missing', param },
    `No such ${kind}: '${id}'`,
  );
}

export function invalid(param: string, message: string, code = 'parameter_invalid'): StripeError {
  return new StripeError(400, { type: 'invalid_request_error', code, param }, message);
}

export function required(param: string): StripeError {
  return new StripeError(
    400,
    { type: 'invalid_request_error', code: 'parameter_missing', param },
    `Missing required param: ${param}.`,
  );
}
