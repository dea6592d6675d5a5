'use client';

import { useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { Button } from '@/components/ui';
import { useAction } from '@/lib/use-action';
import { addCardAction, changePlanAction, previewPlanChangeAction } from './billing/actions';

type Preview = Extract<Awaited<ReturnType<typeof previewPlanChangeAction>>, { ok: true }>['data'];

/**
 * Every seat is taken: the reason, and an offer to add one seat (prorated, charged to the saved
 * card) and then send the invitation that was refused.
 */
export function SeatOffer({
  tenantId,
  reason,
  plan,
  onSeatAdded,
}: {
  tenantId: string;
  reason: string;
  plan: { code: string; name: string; seats: number };
  onSeatAdded: () => void;
}) {
  const [preview, setPreview] = useState<Preview>();
  const seats = plan.seats + 1;
  const previewing = useAction(previewPlanChangeAction, { toastErrors: true });
  const adding = useAction(changePlanAction, {
    toastErrors: true,
    onSuccess() {
      setPreview(undefined);
      onSeatAdded();
    },
  });
  const addingCard = useAction(addCardAction, {
    toastErrors: true,
    onSuccess({ url }) {
      window.location.assign(url);
    },
  });

  async function offer() {
    const result = await previewing.run({ tenantId, planCode: plan.code, seats: String(seats) });
    if (result.ok) setPreview(result.data);
  }

  function confirm() {
    if (!preview) return;
    if (preview.needsCard) addingCard.run({ tenantId });
    else adding.run({ tenantId, planCode: plan.code, seats: String(seats), quote: preview.quote });
  }

  return (
    <div
      className="space-y-2 rounded-md bg-amber-50 p-3 text-sm text-amber-900"
      role="alert"
      data-testid="seats-full"
    >
      <p>{reason}</p>
      <Button onClick={offer} disabled={previewing.pending} data-testid="add-seat">
        Add a seat and invite
      </Button>
      <ConfirmDialog
        open={preview !== undefined}
        onOpenChange={(open) => !open && setPreview(undefined)}
        title={`${plan.name} × ${seats}: add a seat`}
        confirmLabel={
          preview?.needsCard ? 'Add a card' : `Pay ${preview?.charged ?? ''} and invite`
        }
        onConfirm={confirm}
        pending={adding.pending || addingCard.pending}
        testId="seat-change"
      >
        {preview?.needsCard ? (
          <p data-testid="needs-card">
            A seat costs {preview.charged} now, prorated: add a card first.
          </p>
        ) : (
          <p data-testid="seat-change-total">
            One more seat costs {preview?.charged} now, prorated for the rest of this period
            {preview?.card ? `, charged to ${preview.card}` : ''}; then the invitation is sent.
          </p>
        )}
      </ConfirmDialog>
    </div>
  );
}
