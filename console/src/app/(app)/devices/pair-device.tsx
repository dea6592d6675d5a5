'use client';

import { QRCodeSVG } from 'qrcode.react';
import { useEffect, useState } from 'react';
import { Button } from '@/components/ui';
import { useAction } from '@/lib/use-action';
import { createPairingCodeAction } from './actions';

function remaining(expiresAt: string, now: number): string {
  const seconds = Math.max(0, Math.round((Date.parse(expiresAt) - now) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export function PairDevice() {
  const [pairing, setPairing] = useState<{ code: string; expiresAt: string }>();
  const [now, setNow] = useState(() => Date.now());
  const { pending, run } = useAction(createPairingCodeAction, {
    toastErrors: true,
    onSuccess(data) {
      setNow(Date.now());
      setPairing(data);
    },
  });

  useEffect(() => {
    if (!pairing) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [pairing]);

  const expired = pairing && Date.parse(pairing.expiresAt) <= now;
  return (
    <div className="flex flex-col gap-4 sm:flex-row sm:items-center">
      {pairing && !expired ? (
        <>
          <QRCodeSVG value={pairing.code} size={112} aria-label="QR code of the pairing code" />
          <div>
            <p className="font-mono text-3xl tracking-widest" data-testid="pairing-code">
              {pairing.code}
            </p>
            <p className="text-sm text-slate-600">
              Enter this code on the device (watch settings, or{' '}
              <code>tagtime pair {pairing.code}</code>). Valid for{' '}
              <span data-testid="pairing-expires-in">{remaining(pairing.expiresAt, now)}</span>,
              once.
            </p>
          </div>
        </>
      ) : (
        <p className="text-sm text-slate-600">
          {expired ? 'That code has expired. ' : ''}A pairing code lets one watch, phone or computer
          join your account.
        </p>
      )}
      <Button
        className="sm:ml-auto"
        onClick={() => run({})}
        disabled={pending}
        data-testid="new-pairing-code"
      >
        {pairing ? 'New code' : 'Show a pairing code'}
      </Button>
    </div>
  );
}
