import { OfflineError, SyncError } from '@tagtime/client';
import { type ProtocolError, protocolError } from '../core/protocol.js';

/** The server's own sentence, without the client's `POST /v1/pair failed (403): ` prefix. */
function serverSentence(error: Error): string {
  return error.message.replace(/^[A-Z]+ \/v1\/\S+ failed \(\d+\): /, '');
}

function unreachable(server: string): ProtocolError {
  return protocolError(
    'offline',
    `The server ${server} is unreachable; answers stay on the watch until it is back.`,
  );
}

/**
 * What a failed pairing says in the settings app: each refusal of `POST /v1/pair` in its own
 * words, with what the user can do about it.
 */
export function pairingProblem(error: unknown, server: string): string {
  if (error instanceof OfflineError) return unreachable(server).message;
  if (!(error instanceof SyncError)) return String((error as Error)?.message ?? error);
  switch (error.code) {
    case 'device_limit':
      return 'This account has reached its device limit: unpair a device in the console (Devices), then enter a new code.';
    case 'pairing_code_invalid':
      return 'That pairing code is not valid: check it, or show a new one in the console.';
    case 'pairing_code_expired':
      return 'That pairing code has expired: show a new one in the console.';
    case 'pairing_code_used':
      return 'That pairing code was already used: show a new one in the console.';
    case 'rate_limited':
      return 'Too many pairing attempts from this phone: wait a minute, then try again.';
  }
  return `The server could not pair this watch (${error.status || 'bad answer'}): ${serverSentence(error)}`;
}

/** Turns sync failures into the sentences the watch and the settings app show. */
export function syncProblem(error: unknown, server: string): ProtocolError {
  if (typeof error === 'object' && error !== null && 'v' in error && 'code' in error) {
    return error as ProtocolError;
  }
  if (error instanceof OfflineError) return unreachable(server);
  if (error instanceof SyncError && (error.status === 401 || error.status === 403)) {
    return protocolError(
      'revoked',
      "The server no longer accepts this watch's token: it was revoked, or the watch removed, in the console. Pair again in the phone settings; answers stay on the watch.",
    );
  }
  if (error instanceof SyncError && (error.status === 429 || error.status >= 500)) {
    return protocolError(
      'offline',
      `The server is busy or down (${error.status}: ${serverSentence(error)}); answers stay on the watch.`,
    );
  }
  const message = error instanceof Error ? serverSentence(error) : String(error);
  return protocolError('rejected', `The server refused the records: ${message}`);
}
