'use client';

import { useRouter } from 'next/navigation';
import { toast } from 'sonner';
import { formatDateTime } from '@/lib/format';
import { useAction } from '@/lib/use-action';
import { deleteAnswerAction } from './actions';
import type { RecentPing } from './time-report';

const STATE_STYLE = {
  answered: 'bg-green-100 text-green-800',
  missed: 'bg-amber-100 text-amber-800',
  unanswered: 'bg-slate-100 text-slate-600',
} as const;

/** Pings with the answer shown for each and the device that gave it; answers can be deleted. */
export function PingList({
  pings,
  timeZone,
  deviceNames,
  testId,
  empty,
}: {
  pings: RecentPing[];
  timeZone: string;
  deviceNames: Record<string, string>;
  testId: string;
  empty: string;
}) {
  const router = useRouter();
  const { pending, run } = useAction(deleteAnswerAction, { toastErrors: true });
  if (pings.length === 0) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <ul className="divide-y divide-slate-100 text-sm" data-testid={testId}>
      {pings.map((ping) => (
        <li
          key={ping.ping}
          className="flex flex-wrap items-center gap-x-3 gap-y-1 py-1.5"
          data-testid={`ping-${ping.ping}`}
        >
          <span className="w-36 shrink-0 font-mono text-xs text-slate-500">
            {formatDateTime(new Date(ping.ping * 1000).toISOString(), timeZone)}
          </span>
          <span className={`rounded px-1.5 text-xs ${STATE_STYLE[ping.state]}`}>{ping.state}</span>
          <span className="min-w-0 grow truncate" data-testid="ping-tags">
            {ping.tags.length > 0
              ? ping.tags.join(' ')
              : ping.state === 'answered'
                ? '(no tags)'
                : ''}
            {ping.note ? <span className="text-slate-500"> ({ping.note})</span> : null}
          </span>
          {ping.device && (
            <span className="text-xs text-slate-500" data-testid="ping-device">
              {deviceNames[ping.device] ?? ping.device}
            </span>
          )}
          {ping.state !== 'unanswered' && (
            <button
              type="button"
              disabled={pending}
              className="text-xs text-red-700 hover:underline disabled:opacity-50"
              onClick={async () => {
                if (
                  !window.confirm(
                    'Delete this answer? A delete command is added; the record stays.',
                  )
                )
                  return;
                if ((await run({ ping: ping.ping })).ok) {
                  toast.success('Answer deleted.');
                  router.refresh();
                }
              }}
              data-testid="delete-answer"
            >
              Delete
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
