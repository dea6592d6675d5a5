/**
 * The one error type the server throws on purpose. `code` is the stable machine-readable name a
 * client branches on, `status` the HTTP status, `message` a sentence that is safe to show to the
 * caller (it never carries storage or driver details). The central error handler turns it into
 * `{ error: { code, message, ...details } }`.
 */
export type AppErrorCode =
  | 'invalid_input'
  | 'malformed_request'
  | 'invalid_json'
  | 'invalid_record'
  | 'not_increasing'
  | 'invalid_cursor'
  | 'reason_required'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'request_timeout'
  | 'conflict'
  | 'record_too_large'
  | 'batch_too_large'
  | 'payload_too_large'
  | 'uri_too_long'
  | 'unsupported_media_type'
  | 'expectation_failed'
  | 'rate_limited'
  | 'too_many_streams'
  | 'too_many_connections'
  | 'headers_too_large'
  | 'pairing_code_invalid'
  | 'pairing_code_expired'
  | 'pairing_code_used'
  | 'device_limit'
  | 'unavailable'
  | 'push_unavailable'
  | 'insufficient_storage'
  | 'internal';

const STATUS: Record<AppErrorCode, number> = {
  invalid_input: 400,
  malformed_request: 400,
  invalid_json: 400,
  invalid_record: 400,
  not_increasing: 400,
  invalid_cursor: 400,
  reason_required: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  request_timeout: 408,
  conflict: 409,
  record_too_large: 413,
  batch_too_large: 413,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  expectation_failed: 417,
  rate_limited: 429,
  too_many_streams: 429,
  too_many_connections: 429,
  headers_too_large: 431,
  pairing_code_invalid: 400,
  pairing_code_expired: 410,
  pairing_code_used: 409,
  device_limit: 403,
  unavailable: 503,
  push_unavailable: 503,
  insufficient_storage: 507,
  internal: 500,
};

/** Extra public fields of an error body, such as the index and path of a bad record. */
export type ErrorDetails = Record<string, string | number | boolean | undefined>;

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: AppErrorCode;
  readonly status: number;
  readonly details: ErrorDetails;

  constructor(
    code: AppErrorCode,
    message: string,
    details: ErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.code = code;
    this.status = STATUS[code];
    this.details = details;
  }
}

/** The JSON body of every error answer. */
export function errorBody(error: AppError): {
  error: { code: AppErrorCode; message: string } & ErrorDetails;
} {
  const details: ErrorDetails = {};
  for (const [key, value] of Object.entries(error.details)) {
    if (value !== undefined) details[key] = value;
  }
  return { error: { ...details, code: error.code, message: error.message } };
}
