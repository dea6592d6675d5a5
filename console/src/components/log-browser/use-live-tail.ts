'use client';

import { parseStreamEvent } from '@tagtime/log/protocol';
import { useEffect, useRef } from 'react';
import { apiUrl } from './api';

/** Right after connecting, the stream sends each log's head: those set where to start. */
const CATCH_UP_MS = 1500;

/**
 * Follows the user's log server stream (relayed by the console): calls `onGrowth(device, from,
 * head)` with the times of the records a log gained since it was last seen, and `onConnected`
 * each time the stream (re)opens (the caller catches up on what came meanwhile). The first
 * event of each log after connecting is its current head: a log seen before reports what it
 * gained while the connection was down; a log not seen before only sets where to start, unless
 * it is a new log appearing later (its records are then looked for from a while before).
 */
export function useLiveTail(
  userId: string,
  enabled: boolean,
  handlers: {
    onGrowth: (device: string, from: number, head: number) => void;
    onConnected: () => void;
    onProblem: (message: string | undefined) => void;
    /** The console closed the stream for good: the tail is over, not paused. */
    onStopped: () => void;
  },
) {
  const heads = useRef(new Map<string, number>());
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    if (!enabled) return;
    const source = new EventSource(apiUrl(userId, 'stream'));
    let openedAt = Date.now();
    source.addEventListener('open', () => {
      openedAt = Date.now();
      latest.current.onProblem(undefined);
      latest.current.onConnected();
    });
    source.addEventListener('log', (event) => {
      const parsed = parseStreamEvent((event as MessageEvent<string>).data);
      if (!parsed) return;
      const { device, head } = parsed;
      const known = heads.current.get(device);
      heads.current.set(device, Math.max(known ?? head, head));
      if (known !== undefined) {
        if (head > known) latest.current.onGrowth(device, known + 1, head);
      } else if (Date.now() - openedAt > CATCH_UP_MS) {
        latest.current.onGrowth(device, Math.max(0, openedAt - 5 * 60_000), head);
      }
    });
    source.addEventListener('error', () => {
      // Closed: the console refused the reconnect (too many tails open, or the staff role or
      // the session ended); EventSource does not retry that.
      const closed = source.readyState === EventSource.CLOSED;
      latest.current.onProblem(
        closed
          ? 'The live tail stopped: too many are open, or your access changed. Reload to retry.'
          : 'The live stream broke; reconnecting…',
      );
      if (closed) latest.current.onStopped();
    });
    return () => source.close();
  }, [userId, enabled]);
}
