'use client';

import { Button } from '@/components/ui';
import { useAction } from '@/lib/use-action';
import { addCardAction, cardPortalAction } from './actions';

/** Goes to Stripe's hosted page the action answers (Checkout to add a card, or the portal). */
function useStripePage(action: typeof addCardAction) {
  return useAction(action, {
    toastErrors: true,
    onSuccess({ url }) {
      window.location.assign(url);
    },
  });
}

export function AddCardButton({
  tenantId,
  label = 'Add a card',
}: {
  tenantId: string;
  label?: string;
}) {
  const { pending, run } = useStripePage(addCardAction);
  return (
    <Button onClick={() => run({ tenantId })} disabled={pending} data-testid="add-card">
      {pending ? 'Opening Stripe…' : label}
    </Button>
  );
}

export function CardPortalButton({
  tenantId,
  label = 'Manage cards and receipts',
}: {
  tenantId: string;
  label?: string;
}) {
  const { pending, run } = useStripePage(cardPortalAction);
  return (
    <Button
      variant="secondary"
      onClick={() => run({ tenantId })}
      disabled={pending}
      data-testid="card-portal"
    >
      {pending ? 'Opening Stripe…' : label}
    </Button>
  );
}

/** What pays the invoices: the saved card, or a way to add one. */
export function PaymentMethod({ tenantId, card }: { tenantId: string; card: string | null }) {
  return (
    <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
      <p className="text-sm" data-testid="saved-card">
        {card ?? 'No card yet: paid plans are charged to a card you save with Stripe.'}
      </p>
      <div className="flex flex-wrap gap-2">
        {card ? <CardPortalButton tenantId={tenantId} /> : <AddCardButton tenantId={tenantId} />}
      </div>
    </div>
  );
}
