import { OfflineError, SyncError } from '@tagtime/client';

/** One plain sentence for the terminal; offline and unpaired states say the data is kept. */
export function describeError(error: unknown): string {
  if (error instanceof OfflineError) {
    return `${error.message}. Nothing was lost: your records stay on this machine until the next sync.`;
  }
  if (error instanceof SyncError && error.code === 'not_paired') {
    return `${error.message}. Pair it with \`tagtime pair <code>\` (the code is shown in the console).`;
  }
  if (error instanceof SyncError && error.status === 401) {
    return `${error.message}. The device token was refused (revoked?); pair this machine again.`;
  }
  return error instanceof Error ? error.message : String(error);
}
