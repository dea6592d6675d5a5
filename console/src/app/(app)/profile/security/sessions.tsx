'use client';

import { Button } from '@/components/ui';
import { useAction } from '@/lib/use-action';
import { endOtherSessions, endSessionAction } from './actions';

interface SessionRow {
  id: string;
  browser: string;
  address: string;
  lastUsed: string;
  started: string;
}

/** The person's live sessions: browser, address, last use; end one, or all but this one. */
export function SessionList({ sessions, current }: { sessions: SessionRow[]; current: string }) {
  const endOne = useAction(endSessionAction, { toastErrors: true });
  const endOthers = useAction(endOtherSessions, { toastErrors: true });
  return (
    <div className="space-y-3">
      <ul className="divide-y divide-slate-100 text-sm" data-testid="sessions">
        {sessions.map((session) => (
          <li
            key={session.id}
            className="flex flex-wrap items-baseline gap-x-3 py-2"
            data-testid="session-row"
            data-current={session.id === current || undefined}
          >
            <span className="font-medium" data-testid="session-browser">
              {session.browser}
            </span>
            <span className="text-slate-600" data-testid="session-address">
              {session.address}
            </span>
            <span className="text-slate-500">last used {session.lastUsed}</span>
            {session.id === current ? (
              <span className="ml-auto rounded bg-emerald-50 px-1.5 text-xs text-emerald-800">
                this browser
              </span>
            ) : (
              <button
                type="button"
                className="ml-auto text-red-700 hover:underline"
                onClick={() => void endOne.run({ sessionId: session.id })}
                data-testid="session-end"
              >
                Sign out
              </button>
            )}
          </li>
        ))}
      </ul>
      {sessions.length > 1 && (
        <Button
          type="button"
          onClick={() => void endOthers.run({})}
          disabled={endOthers.pending}
          data-testid="sessions-end-others"
        >
          Sign out all other sessions
        </Button>
      )}
    </div>
  );
}
