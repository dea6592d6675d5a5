'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { Button, Input } from '@/components/ui';
import { useAction } from '@/lib/use-action';
import { addCardAction, cancelAction, changePlanAction, previewPlanChangeAction } from './actions';

interface PlanOption {
  code: string;
  name: string;
  price: string;
  free: boolean;
  limits: string;
}

type Preview = Extract<Awaited<ReturnType<typeof previewPlanChangeAction>>, { ok: true }>['data'];

/** What the confirmation says the change costs, from the server's preview. */
function PreviewText({ preview }: { preview: Preview }) {
  if (preview.endsWithPeriod) return <p data-testid="plan-change-total">{preview.summary}</p>;
  if (preview.needsCard) {
    return (
      <p className="font-medium" data-testid="needs-card">
        This change costs {preview.charged} now, prorated for the rest of this period. Add a card
        first (Stripe keeps it, we never see its number); then choose the plan again.
      </p>
    );
  }
  return (
    <>
      {preview.lines.length > 0 && (
        <ul className="divide-y divide-slate-100 rounded-md ring-1 ring-slate-200">
          {preview.lines.map((line) => (
            <li key={line.description} className="flex justify-between gap-4 px-3 py-2">
              <span>{line.description}</span>
              <span className="tabular-nums">{line.amount}</span>
            </li>
          ))}
        </ul>
      )}
      <p className="font-medium" data-testid="plan-change-total">
        {preview.quote.chargedCents > 0
          ? `You are charged ${preview.charged} now, prorated for the rest of this period${preview.card ? `, on ${preview.card}` : ''}.`
          : preview.quote.creditedCents > 0
            ? `Nothing is charged; ${preview.credited} of unused time is credited${preview.creditApplied ? ' and first pays your open invoice' : ' to your next invoices'}.`
            : 'Nothing is charged now.'}
      </p>
    </>
  );
}

export function PlanPicker({
  tenantId,
  currentCode,
  currentSeats,
  hasCard,
  plans,
}: {
  tenantId: string;
  currentCode: string;
  currentSeats: number;
  hasCard: boolean;
  plans: PlanOption[];
}) {
  const router = useRouter();
  const [seats, setSeats] = useState(String(currentSeats));
  const [choice, setChoice] = useState<{ plan: PlanOption; seats: string; preview: Preview }>();
  const previewing = useAction(previewPlanChangeAction, { toastErrors: true });
  const changing = useAction(changePlanAction, {
    toastErrors: true,
    onSuccess({ summary }) {
      setChoice(undefined);
      toast.success(summary);
      router.refresh();
    },
  });
  const addingCard = useAction(addCardAction, {
    toastErrors: true,
    onSuccess({ url }) {
      window.location.assign(url);
    },
  });
  const pending = previewing.pending || changing.pending || addingCard.pending;

  async function choose(plan: PlanOption) {
    const chosenSeats = plan.free ? '1' : seats;
    const result = await previewing.run({ tenantId, planCode: plan.code, seats: chosenSeats });
    if (result.ok) setChoice({ plan, seats: chosenSeats, preview: result.data });
  }

  function confirm() {
    if (!choice) return;
    if (choice.preview.needsCard) {
      addingCard.run({ tenantId });
      return;
    }
    changing.run({
      tenantId,
      planCode: choice.plan.code,
      seats: choice.seats,
      quote: choice.preview.quote,
    });
  }

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <div className="w-32">
          <label className="mb-1 block text-sm font-medium text-slate-700" htmlFor="seats">
            Seats
          </label>
          <Input
            id="seats"
            type="number"
            min={1}
            value={seats}
            onChange={(e) => setSeats(e.target.value)}
            data-testid="seats"
          />
        </div>
        <p className="pb-2 text-sm text-slate-600">
          Changes apply now; the rest of the period is prorated and charged to your card. You see
          the amount before anything is charged.{hasCard ? '' : ' Paid plans need a card first.'}
        </p>
      </div>
      <ul className="grid gap-3 sm:grid-cols-3">
        {plans.map((plan) => {
          const current = plan.code === currentCode;
          return (
            <li
              key={plan.code}
              className={`rounded-lg p-4 ring-1 ${current ? 'ring-brand-500' : 'ring-slate-200'}`}
            >
              <p className="font-semibold">{plan.name}</p>
              <p className="text-sm">{plan.free ? 'Free' : `${plan.price} per seat / month`}</p>
              <p className="mb-3 text-xs text-slate-600">{plan.limits}</p>
              <Button
                variant={current ? 'secondary' : 'primary'}
                disabled={pending || (current && (plan.free || seats === String(currentSeats)))}
                onClick={() => choose(plan)}
                data-testid={`choose-plan-${plan.code}`}
              >
                {current ? (plan.free ? 'Current plan' : 'Update seats') : `Switch to ${plan.name}`}
              </Button>
            </li>
          );
        })}
      </ul>
      <ConfirmDialog
        open={choice !== undefined}
        onOpenChange={(open) => !open && setChoice(undefined)}
        title={
          choice
            ? `${choice.plan.name}${choice.plan.free ? '' : ` × ${choice.seats}`}: confirm the change`
            : ''
        }
        confirmLabel={
          choice?.preview.needsCard
            ? 'Add a card'
            : choice && choice.preview.quote.chargedCents > 0
              ? `Pay ${choice.preview.charged} and switch`
              : 'Switch'
        }
        onConfirm={confirm}
        pending={changing.pending || addingCard.pending}
        testId="plan-change"
      >
        {choice && <PreviewText preview={choice.preview} />}
      </ConfirmDialog>
    </div>
  );
}

export function CancelControls({ tenantId, canceling }: { tenantId: string; canceling: boolean }) {
  const router = useRouter();
  const { pending, run } = useAction(cancelAction, {
    toastErrors: true,
    onSuccess() {
      toast.success(canceling ? 'Your plan continues.' : 'Your plan ends with this period.');
      router.refresh();
    },
  });
  return (
    <Button
      className="mt-3"
      variant={canceling ? 'primary' : 'danger'}
      onClick={() => run({ tenantId, cancel: !canceling })}
      disabled={pending}
      data-testid={canceling ? 'resume' : 'cancel'}
    >
      {canceling ? 'Resume plan' : 'Cancel at period end'}
    </Button>
  );
}
