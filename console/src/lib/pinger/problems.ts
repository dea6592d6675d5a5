import { OfflineError, SyncError } from '@tagtime/client';
import { WebStoreError } from '@tagtime/web-store';

/** Why syncing stopped, as the pinger says it: the answers stay in this browser either way. */
export type SyncProblem =
  | { kind: 'offline'; words: string }
  | { kind: 'revoked'; words: string }
  | { kind: 'refused'; words: string }
  | { kind: 'storage'; words: string };

const KEPT = 'Your answers are kept in this browser.';

/** A sync or store failure in words; anything unexpected is said with its own message. */
export function describeProblem(error: unknown): SyncProblem {
  if (error instanceof OfflineError) {
    return {
      kind: 'offline',
      words: `Offline: the log server cannot be reached. ${KEPT} They sync when the network returns.`,
    };
  }
  if (error instanceof SyncError && (error.status === 401 || error.status === 403)) {
    return {
      kind: 'revoked',
      words: `This browser's device was revoked on Devices, so the log server refuses it. ${KEPT} They cannot be sent under the revoked device.`,
    };
  }
  if (error instanceof SyncError) {
    return {
      kind: 'refused',
      words: `The log server refused the sync (${error.status || 'bad answer'}: ${error.message}). ${KEPT}`,
    };
  }
  if (error instanceof WebStoreError) return { kind: 'storage', words: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'refused', words: `Sync failed: ${message}. ${KEPT}` };
}
