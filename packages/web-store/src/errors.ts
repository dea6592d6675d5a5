/** Why the browser's store could not do what was asked, in words a person can act on. */
export type WebStoreProblem = 'unavailable' | 'full' | 'failed';

/** A store failure; nothing of the write that failed was kept (IndexedDB aborts it whole). */
export class WebStoreError extends Error {
  override readonly name = 'WebStoreError';
  constructor(
    readonly problem: WebStoreProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const nameOf = (error: unknown) =>
  typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';

/** A DOMException from IndexedDB as the problem it is; other errors pass through. */
export function asStoreError(error: unknown, doing: string): unknown {
  if (error instanceof WebStoreError) return error;
  const name = nameOf(error);
  if (name === 'QuotaExceededError') {
    return new WebStoreError(
      'full',
      `The browser has no room left for this site, so ${doing} was not stored (nothing of it was half-written). Free some space or clear other sites' data.`,
      { cause: error },
    );
  }
  if (name === 'InvalidStateError' || name === 'SecurityError' || name === 'UnknownError') {
    return new WebStoreError(
      'unavailable',
      `This browser does not let the site keep data (a private window, or storage turned off), so ${doing} could not be stored.`,
      { cause: error },
    );
  }
  return error;
}
