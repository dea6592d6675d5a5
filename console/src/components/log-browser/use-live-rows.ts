'use client';

import type { LogRecord } from '@tagtime/log';
import { useCallback, useEffect, useState } from 'react';
import { problemOf, recordId } from './api';
import { useLiveTail } from './use-live-tail';

export type LiveMode = 'off' | 'following' | 'paused';

type Span = { from: number; to: number };

/** How long rows that arrived live keep their highlight. */
const FRESH_MS = 4000;

/**
 * The live tail as the log browser shows it: off, following (what a log gained is fetched for
 * its time span and slides into place) or paused (the spans wait, counted, until following
 * again). `canLive` is false when new records could not show (the range is closed on the newer
 * side, or newer pages are still to load); the tail then rests whatever the mode.
 */
export function useLiveRows({
  userId,
  canLive,
  newest,
  addSpan,
}: {
  userId: string;
  canLive: boolean;
  /** The newest row shown, where a (re)connected tail catches up from. */
  newest: LogRecord | undefined;
  addSpan: (span: Span) => Promise<LogRecord[]>;
}) {
  const [live, setLive] = useState<LiveMode>('off');
  const [pending, setPending] = useState<Span[]>([]);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [liveProblem, setLiveProblem] = useState<string | undefined>();
  const following = live === 'following' && canLive;

  const follow = useCallback(
    (span: Span) => {
      addSpan(span).then(
        (records) => {
          if (records.length === 0) return;
          setFresh((current) => new Set([...current, ...records.map(recordId)]));
        },
        (error: unknown) => setLiveProblem(problemOf(error).message),
      );
    },
    [addSpan],
  );

  const catchUp = useCallback(() => {
    follow({ from: newest ? newest.t : Date.now() - 5 * 60_000, to: Number.MAX_SAFE_INTEGER });
  }, [newest, follow]);

  useLiveTail(userId, live !== 'off' && canLive, {
    onGrowth: (_device, spanFrom, head) => {
      if (live === 'paused') {
        setPending((spans) => [...spans, { from: spanFrom, to: head }]);
        return;
      }
      follow({ from: spanFrom, to: head });
    },
    onConnected: catchUp,
    onProblem: setLiveProblem,
    onStopped: () => setLive('off'),
  });

  useEffect(() => {
    if (!following || pending.length === 0) return;
    const spans = pending;
    setPending([]);
    follow({
      from: Math.min(...spans.map((s) => s.from)),
      to: Math.max(...spans.map((s) => s.to)),
    });
  }, [following, pending, follow]);

  useEffect(() => {
    if (fresh.size === 0) return;
    const timer = setTimeout(() => setFresh(new Set()), FRESH_MS);
    return () => clearTimeout(timer);
  }, [fresh]);

  const changeMode = useCallback((next: LiveMode) => {
    setLive(next);
    setLiveProblem(undefined);
    if (next === 'off') setPending([]);
  }, []);

  return { live, changeMode, pending: pending.length, fresh, liveProblem };
}
