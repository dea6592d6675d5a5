/**
 * Every failure the data layer reports on purpose. `message` may be shown to the person who
 * caused it; the server turns the codes it passes on into its own AppError (one code → status
 * table, server/src/errors.ts), the console shows the message.
 */
export type DbErrorCode =
  | 'not_found'
  | 'forbidden'
  | 'invalid_input'
  | 'email_taken'
  | 'invalid_credentials'
  | 'pairing_code_invalid'
  | 'pairing_code_expired'
  | 'pairing_code_used'
  | 'device_limit'
  | 'device_revoked'
  | 'already_member'
  | 'last_owner'
  | 'subscription_exists'
  | 'invoice_total_mismatch'
  | 'invoice_state'
  | 'payment_exceeds_balance'
  | 'stale_quote'
  | 'rate_limited'
  | 'invite_invalid'
  | 'seats_full'
  | 'too_many_members'
  | 'payment_method_required'
  | 'card_declined'
  | 'payment_provider';

export class DbError extends Error {
  override readonly name = 'DbError';
  readonly code: DbErrorCode;

  constructor(code: DbErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isDbError(error: unknown, code?: DbErrorCode): error is DbError {
  return error instanceof DbError && (code === undefined || error.code === code);
}

/** True when a mysql2 error is a violated unique key (ER_DUP_ENTRY). */
export function isDuplicateKeyError(error: unknown): boolean {
  return driverErrorCode(error) === 'ER_DUP_ENTRY';
}

/** True when a mysql2 error is a foreign key naming a row that does not exist. */
export function isMissingReferenceError(error: unknown): boolean {
  return driverErrorCode(error) === 'ER_NO_REFERENCED_ROW_2';
}

/** Drizzle wraps driver errors; the mysql2 code sits on the error or on its cause. */
function driverErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ER_')) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
