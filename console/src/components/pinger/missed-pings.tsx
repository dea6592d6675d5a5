'use client';

import { AUTO_TAGS } from '@tagtime/log';
import { pingTime } from './format';

interface Props {
  missed: number[];
  picked: number | undefined;
  onPick: (ping: number | undefined) => void;
  onAllAway: () => void;
}

/**
 * Pings that passed unanswered, oldest first: pick one to answer it like the current one, or
 * mark them all `afk off RETRO` — an automatic answer, which any person's answer (here or on
 * another device) beats, as the CLI and the watch write it.
 */
export function MissedPings({ missed, picked, onPick, onAllAway }: Props) {
  if (missed.length === 0) return null;
  return (
    <section className="space-y-2" data-testid="missed-pings">
      <h2 className="font-medium">
        {missed.length} missed ping{missed.length === 1 ? '' : 's'}
      </h2>
      <ul className="flex flex-wrap gap-2">
        {missed.map((ping) => (
          <li key={ping}>
            <button
              type="button"
              onClick={() => onPick(picked === ping ? undefined : ping)}
              aria-pressed={picked === ping}
              className={`min-h-11 rounded-lg px-3 ring-1 ${picked === ping ? 'bg-brand-600 text-white ring-brand-600' : 'ring-slate-300 dark:ring-slate-600'}`}
              data-testid="missed-ping"
            >
              {pingTime(ping)}
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        onClick={onAllAway}
        className="min-h-11 rounded-lg px-3 text-sm ring-1 ring-slate-300 dark:ring-slate-600"
        data-testid="missed-all-away"
      >
        Mark {missed.length === 1 ? 'it' : `all ${missed.length}`} as {AUTO_TAGS.join(' ')}
      </button>
    </section>
  );
}
