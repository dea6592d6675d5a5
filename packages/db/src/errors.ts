/**
 * Every failure the data layer reports on purpose. The server and the console map `code` to an
 * HTTP status (see `dbErrorStatus`) and may show `message` to the person who caused it.
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
  | 'payment_exceeds_balance';

const STATUS: Record<DbErrorCode, number> = {
  not_found: 404,
  forbidden: 403,
  invalid_input: 400,
  email_taken: 409,
  invalid_credentials: 401,
  pairing_code_invalid: 400,
  pairing_code_expired: 410,
  pairing_code_used: 409,
  device_limit: 403,
  device_revoked: 409,
  already_member: 409,
  last_owner: 409,
  subscription_exists: 409,
  invoice_total_mismatch: 422,
  invoice_state: 409,
  payment_exceeds_balance: 422,
};

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

/** The HTTP status that fits a DbError code. */
export function dbErrorStatus(code: DbErrorCode): number {
  return STATUS[code];
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
