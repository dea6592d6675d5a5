import type { SyncError } from '@tagtime/client';
import { WebStoreError } from '@tagtime/web-store';

/** Why syncing stopped, as the pinger says it: the answers stay in this browser either way. */
export type SyncProblem =
  | { kind: 'offline'; words: string }
  | { kind: 'revoked'; words: string }
  | { kind: 'refused'; words: string }
  | { kind: 'storage'; words: string };

const KEPT = 'Your answers are kept in this browser.';

/** The network is gone (the browser says so, or the server cannot be reached). */
export const offlineProblem = (): SyncProblem => ({
  kind: 'offline',
  words: `Offline: the log server cannot be reached. ${KEPT} They sync when the network returns.`,
});

// By name, not `instanceof`: @tagtime/client loads after the first screen (sync-kit.ts), and
// these checks run on it.
const named = (error: unknown, name: string) => error instanceof Error && error.name === name;
const isSyncError = (error: unknown): error is SyncError => named(error, 'SyncError');

/** A sync or store failure in words; anything unexpected is said with its own message. */
export function describeProblem(error: unknown): SyncProblem {
  if (named(error, 'OfflineError')) return offlineProblem();
  if (isSyncError(error) && (error.status === 401 || error.status === 403)) {
    return {
      kind: 'revoked',
      words: `This browser's device was revoked on Devices, so the log server refuses it. ${KEPT} They cannot be sent under the revoked device.`,
    };
  }
  if (isSyncError(error)) {
    return {
      kind: 'refused',
      words: `The log server refused the sync (${error.status || 'bad answer'}: ${error.message}). ${KEPT}`,
    };
  }
  if (error instanceof WebStoreError) return { kind: 'storage', words: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'refused', words: `Sync failed: ${message}. ${KEPT}` };
}
