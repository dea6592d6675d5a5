/** The server answered with an error (`{ error: { code, message } }`) or a malformed answer. */
export class SyncError extends Error {
  override name = 'SyncError';
  constructor(
    message: string,
    /** HTTP status (0 when the answer was not one the protocol allows). */
    readonly status: number,
    /** The protocol's error code, e.g. `unauthorized`, `conflict`, `too_large`. */
    readonly code: string,
  ) {
    super(message);
  }
}

/** The server could not be reached at all; nothing was stored there and local data is kept. */
export class OfflineError extends Error {
  override name = 'OfflineError';
}
