'use client';

import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import type { ActionResult } from '@/lib/action-result';
import { type KeptDevice, storeNameOf } from '@/lib/pinger/pinger';
import { askToRing, canRing } from '@/lib/pinger/ring';
import { registerPingerWorker } from '@/lib/pinger/service-worker';
import { pingOfHash } from '@/lib/pinger/worker-messages';
import { AnswerForm } from './answer-form';
import { pingTime } from './format';
import { MissedPings } from './missed-pings';
import { SyncPanel } from './sync-panel';
import { usePinger } from './use-pinger';

// Loaded after the first screen: the pinger's first load has a weight budget (bench/pinger.ts).
const RingWhenClosed = lazy(() =>
  import('./ring-when-closed').then((module) => ({ default: module.RingWhenClosed })),
);

interface Props {
  userId: string;
  /** My time's address, from the server page (the route table stays out of this bundle). */
  myTimeHref: string;
  pairAction: (input: { name: string }) => Promise<ActionResult<KeptDevice>>;
}

/** The web pinger: the open ping's question, missed pings, and the merged view with sync state. */
export function PingerApp({ userId, myTimeHref, pairAction }: Props) {
  const pair = useCallback(
    async (name: string) => {
      const result = await pairAction({ name });
      return result.ok ? result.data : { error: result.message };
    },
    [pairAction],
  );
  const { state, failure, answer, retryPairing, pairAgain, device } = usePinger(userId, pair);
  const [picked, setPicked] = useState<number>();
  const [ringing, setRinging] = useState(true);

  useEffect(() => {
    setRinging(canRing());
    // Ask the browser not to evict the log under storage pressure; it decides, quietly.
    void navigator.storage?.persist?.();
    registerPingerWorker().catch((error: unknown) => {
      console.error('[pinger] the service worker did not register; offline use is off', error);
    });
  }, []);

  // A tap on a ping's notification opens (or turns an open pinger to) `#ping=<time>`.
  useEffect(() => {
    const fromHash = () => setPicked(pingOfHash(location.hash));
    fromHash();
    window.addEventListener('hashchange', fromHash);
    return () => window.removeEventListener('hashchange', fromHash);
  }, []);

  if (!state) {
    return (
      <p className="p-6 text-lg" data-testid="pinger-loading">
        {failure ?? 'Opening the pinger…'}
      </p>
    );
  }
  const missed = state.open.slice(0, -1);
  const current = picked !== undefined && state.open.includes(picked) ? picked : state.open.at(-1);
  return (
    <div className="mx-auto max-w-xl space-y-6 px-4 py-4" data-testid="pinger">
      <header className="flex items-center justify-between gap-3">
        <h1 className="text-xl font-semibold">TagTime pinger</h1>
        {/* A plain link: next/link's client routing is weight the pinger's first load can
            spare, and My time is another app of the console anyway. */}
        <a
          href={myTimeHref}
          className="min-h-11 content-center text-sm text-brand-600 dark:text-brand-50"
        >
          My time
        </a>
      </header>
      {failure && (
        <p
          className="rounded-lg bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-100"
          data-testid="pinger-failure"
        >
          {failure}
        </p>
      )}
      {!ringing && (
        <button
          type="button"
          className="min-h-11 w-full rounded-lg px-3 ring-1 ring-slate-300 dark:ring-slate-600"
          onClick={async () => setRinging(await askToRing())}
          data-testid="turn-on-ringing"
        >
          Ring at each ping (notifications while this is open)
        </button>
      )}
      {current === undefined ? (
        <p className="text-lg" data-testid="no-open-ping">
          No ping waiting. Next ping at <span className="font-medium">{pingTime(state.next)}</span>.
        </p>
      ) : (
        <AnswerForm
          key={current}
          pings={[current]}
          label={`${current === state.open.at(-1) ? 'Ping' : 'Missed ping'} at ${pingTime(current)}: what were you doing?`}
          chips={state.chips}
          lastTags={state.lastTags}
          onAnswer={(tags, note) => answer([current], tags, note).then(() => setPicked(undefined))}
        />
      )}
      <MissedPings
        missed={missed}
        picked={picked}
        onPick={setPicked}
        onAllAway={() => void answer(missed, [])}
      />
      {state.deviceId && (
        <Suspense fallback={null}>
          <RingWhenClosed
            key={state.deviceId}
            revoked={state.problem?.kind === 'revoked'}
            device={device}
            storeName={storeNameOf(userId)}
            onRinging={setRinging}
          />
        </Suspense>
      )}
      <SyncPanel
        state={state}
        onRetryPairing={() => void retryPairing()}
        onPairAgain={() => void pairAgain()}
      />
    </div>
  );
}
