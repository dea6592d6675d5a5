'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { Button, Input } from '@/components/ui';
import { useAction } from '@/lib/use-action';
import { cancelAction, changePlanAction } from './actions';

interface PlanOption {
  code: string;
  name: string;
  price: string;
  free: boolean;
  limits: string;
}

export function PlanPicker({
  tenantId,
  currentCode,
  currentSeats,
  plans,
}: {
  tenantId: string;
  currentCode: string;
  currentSeats: number;
  plans: PlanOption[];
}) {
  const router = useRouter();
  const [seats, setSeats] = useState(String(currentSeats));
  const { pending, run } = useAction(changePlanAction, {
    toastErrors: true,
    onSuccess({ summary }) {
      toast.success(summary);
      router.refresh();
    },
  });

  function choose(plan: PlanOption) {
    run({ tenantId, planCode: plan.code, seats: plan.free ? 1 : seats });
  }

  return (
    <div className="space-y-4">
      <div className="flex items-end gap-3">
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
          Changes apply now; the rest of the period is prorated.
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
