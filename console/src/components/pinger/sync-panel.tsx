'use client';

import type { PingerState } from '@/lib/pinger/pinger';
import { ago, pingTime } from './format';

const CONNECTION_WORDS: Record<PingerState['connection'], string> = {
  online: 'Synced live',
  connecting: 'Connecting…',
  offline: 'Offline',
  stopped: 'Not syncing',
  unpaired: 'Not paired yet',
};

/** The merged view: sync health in words, and recent answers with the device that gave them. */
export function SyncPanel({
  state,
  onRetryPairing,
  onPairAgain,
}: {
  state: PingerState;
  onRetryPairing: () => void;
  /** After a revoke: this browser as a new device, which sends the answers kept here. */
  onPairAgain: () => void;
}) {
  return (
    <section className="space-y-3" data-testid="sync-panel">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
        <span data-testid="connection" data-state={state.connection}>
          {CONNECTION_WORDS[state.connection]}
        </span>
        <span data-testid="unsynced" data-count={state.unsynced}>
          {state.unsynced === 0 ? 'Everything sent' : `${state.unsynced} not sent yet`}
        </span>
        <span data-testid="last-sync">
          {state.lastSyncAt ? `Last sync ${ago(state.lastSyncAt)}` : 'Never synced'}
        </span>
      </div>
      {state.problem && (
        <p
          className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100"
          data-testid="sync-problem"
          data-kind={state.problem.kind}
        >
          {state.problem.words}
          {state.problem.kind === 'revoked' && (
            <button
              type="button"
              className="mt-2 block min-h-11 w-full rounded-lg bg-amber-700 px-3 font-medium text-white dark:bg-amber-600"
              onClick={onPairAgain}
              data-testid="pair-again"
            >
              Pair this browser again (as a new device; it sends the answers kept here)
            </button>
          )}
        </p>
      )}
      {state.pairing && (
        <p
          className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100"
          data-testid="pairing-problem"
        >
          {state.pairing}{' '}
          <button type="button" className="underline" onClick={onRetryPairing}>
            Try again
          </button>
        </p>
      )}
      <h2 className="font-medium">Recent answers</h2>
      {state.recent.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No answers yet.</p>
      ) : (
        <ul
          className="divide-y divide-slate-200 dark:divide-slate-700"
          data-testid="recent-answers"
        >
          {state.recent.map((answer) => (
            <li
              key={answer.ping}
              className="flex flex-wrap justify-between gap-x-3 py-2"
              data-testid="recent-answer"
              data-ping={answer.ping}
            >
              <span className="tabular-nums">{pingTime(answer.ping)}</span>
              <span className="min-w-0 flex-1 break-words" data-testid="recent-tags">
                {answer.tags.join(' ')}
                {answer.note ? <span className="text-slate-500"> — {answer.note}</span> : null}
              </span>
              <span className="text-sm text-slate-500" data-testid="recent-device">
                {answer.device === state.deviceId ? 'this browser' : answer.deviceName}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
