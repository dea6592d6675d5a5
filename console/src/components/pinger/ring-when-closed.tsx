'use client';

import { useEffect, useState } from 'react';
import type { KeptDevice } from '@/lib/pinger/pairing';
import { canRing } from '@/lib/pinger/ring';
import {
  forgetPush,
  type PushSetting,
  readPushSetting,
  turnOff,
  turnOn,
} from '@/lib/pinger/ring-when-closed';

type Shown = PushSetting | { state: 'checking' | 'turning-on' | 'turning-off' | 'revoked' };

const WORDS: Record<Exclude<Shown['state'], 'failed'>, string> = {
  checking: 'Checking whether this browser can ring when the pinger is closed…',
  'turning-on': 'Turning on…',
  'turning-off': 'Turning off…',
  on: 'On: this browser rings at each ping, even with the pinger closed. Tap a tag on the notification to answer there.',
  off: 'Off: this browser rings only while the pinger is open.',
  denied:
    'Notifications are not allowed for this site, so it cannot ring. Allow them (in the browser’s site settings if it no longer asks), then try again.',
  unsupported:
    'This browser cannot ring with the pinger closed (no Web Push here). On iPhone and iPad: add the pinger to the Home Screen (iOS 16.4 or later) and open it from there.',
  'server-off':
    'The log server has Web Push turned off, so pings ring only while the pinger is open.',
  offline: 'Offline: the log server cannot be reached. Try again once online.',
  revoked:
    'This browser’s device was revoked, so it no longer rings when closed; pairing it again lets you turn this on again.',
};

const BUTTON =
  'mt-2 block min-h-11 w-full rounded-lg px-3 font-medium disabled:bg-slate-400 sm:w-auto';

/**
 * "Ring me when closed": where Web Push stands for this browser, in words, and the one button
 * that changes it. Shown once the browser is paired (the server knows the device by its token).
 */
export function RingWhenClosed({
  device,
  revoked,
  storeName,
  onRinging,
}: {
  device: () => KeptDevice | undefined;
  /** The device was revoked: the server dropped its subscription, and this browser forgets its. */
  revoked: boolean;
  storeName: string;
  /** Notifications were allowed or refused here: the page's own ringing follows. */
  onRinging: (allowed: boolean) => void;
}) {
  const [shown, setShown] = useState<Shown>({ state: 'checking' });

  useEffect(() => {
    let gone = false;
    const kept = device();
    if (revoked) {
      setShown({ state: 'revoked' });
      forgetPush().catch((error: unknown) => {
        setShown({ state: 'failed', words: `This browser kept its push subscription: ${error}` });
      });
    } else if (kept) {
      void readPushSetting(kept).then((setting) => !gone && setShown(setting));
    }
    return () => {
      gone = true;
    };
  }, [device, revoked]);

  async function change(to: 'on' | 'off') {
    const kept = device();
    if (!kept) return;
    setShown({ state: to === 'on' ? 'turning-on' : 'turning-off' });
    const setting = to === 'on' ? await turnOn(kept, storeName) : await turnOff(kept);
    onRinging(canRing());
    setShown(setting);
  }

  const busy = shown.state === 'checking' || shown.state.startsWith('turning');
  const action =
    shown.state === 'on'
      ? { to: 'off' as const, label: 'Stop ringing when closed' }
      : ['off', 'denied', 'offline', 'failed'].includes(shown.state)
        ? { to: 'on' as const, label: shown.state === 'off' ? 'Ring me when closed' : 'Try again' }
        : undefined;
  return (
    <section
      className="rounded-lg p-3 ring-1 ring-slate-300 dark:ring-slate-600"
      data-testid="ring-when-closed"
      data-state={shown.state}
      aria-busy={busy}
    >
      <h2 className="font-medium">Ring when closed</h2>
      <p
        className="text-sm text-slate-700 dark:text-slate-300"
        data-testid="ring-when-closed-words"
      >
        {shown.state === 'failed' ? shown.words : WORDS[shown.state]}
      </p>
      {action && (
        <button
          type="button"
          disabled={busy}
          onClick={() => void change(action.to)}
          className={`${BUTTON} ${action.to === 'on' ? 'bg-brand-600 text-white' : 'ring-1 ring-slate-300 dark:ring-slate-600'}`}
          data-testid="ring-when-closed-toggle"
        >
          {action.label}
        </button>
      )}
    </section>
  );
}
