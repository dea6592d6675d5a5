'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { type PairBrowser, Pinger, type PingerState } from '@/lib/pinger/pinger';
import { describeProblem } from '@/lib/pinger/problems';
import { closeAnswered, ring, showPendingCount } from '@/lib/pinger/ring';

/** How often the open pings are looked at again (a ping is due, an answer came in). */
const TICK_MS = 5000;

/**
 * The pinger of the signed-in person in this browser, for the page: its state, its answer
 * call, and ringing at each new open ping while the page is open.
 */
export function usePinger(userId: string, pair: PairBrowser) {
  const [state, setState] = useState<PingerState>();
  const [failure, setFailure] = useState<string>();
  const pinger = useRef<Pinger | undefined>(undefined);
  // The latest pairing call, read when needed: the action's reference changes whenever the
  // page's server data is refreshed (pairing revalidates Devices), and the pinger must not be
  // closed and opened again for that, in the middle of its own pairing.
  const pairRef = useRef(pair);
  pairRef.current = pair;
  const rung = useRef(new Set<number>());

  useEffect(() => {
    let closed = false;
    // User Timing marks: bench/pinger-load.ts splits a load with them.
    performance.mark('pinger:start');
    Pinger.open(
      userId,
      (name) => pairRef.current(name),
      (next) => {
        if (!closed) setState(next);
      },
    ).then(
      (opened) => {
        if (closed) opened.close();
        else pinger.current = opened;
      },
      (error: unknown) => {
        if (!closed) setFailure(describeProblem(error).words);
      },
    );
    const timer = setInterval(() => void pinger.current?.refresh(), TICK_MS);
    return () => {
      closed = true;
      clearInterval(timer);
      pinger.current?.close();
      pinger.current = undefined;
    };
  }, [userId]);

  const open = state?.open;
  useEffect(() => {
    if (!open) return;
    showPendingCount(open.length);
    void closeAnswered(open);
    for (const ping of open) {
      if (rung.current.has(ping)) continue;
      rung.current.add(ping);
      void ring(ping);
    }
  }, [open]);

  const answer = useCallback(async (pings: number[], tags: string[], note?: string) => {
    if (!pinger.current) return;
    try {
      await pinger.current.answer(pings, tags, note);
      setFailure(undefined);
    } catch (error) {
      setFailure(describeProblem(error).words);
      throw error;
    }
  }, []);

  const retryPairing = useCallback(() => pinger.current?.retryPairing(pair), [pair]);
  const pairAgain = useCallback(() => pinger.current?.pairAgain(pair), [pair]);
  const device = useCallback(() => pinger.current?.device, []);

  return { state, failure, answer, retryPairing, pairAgain, device };
}
