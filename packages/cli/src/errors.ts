import { OfflineError, SyncError } from '@tagtime/client';

/** One plain sentence for the terminal; offline and unpaired states say the data is kept. */
export function describeError(error: unknown, home: string): string {
  if (error instanceof OfflineError) {
    return `${error.message}. Nothing was lost: your records stay on this machine until the next sync.`;
  }
  if (error instanceof SyncError && error.code === 'not_paired') {
    return `${error.message}. Pair it with \`tagtime pair <code>\` (the code is shown in the console).`;
  }
  if (error instanceof SyncError && error.status === 401) {
    return (
      'the server no longer accepts this device (it was revoked in the console, or its token is ' +
      `wrong); your records stay on this machine, and to sync again move ${home} aside and pair anew`
    );
  }
  return error instanceof Error ? error.message : String(error);
}
