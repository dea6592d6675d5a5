/**
 * What every server action answers: its data, or a message fit to show the person who acted.
 * `code` is the stable reason (a DbError code, or one of the guards' own) for tests and callers
 * that branch on it. Plain data only, so client components may import the type.
 */
export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: ActionErrorCode; message: string };

export type ActionErrorCode = 'unauthorized' | 'forbidden' | 'invalid_input' | (string & {});
