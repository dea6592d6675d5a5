'use client';

import { useRouter } from 'next/navigation';
import { toast } from 'sonner';
import { SubmitButton } from '@/components/submit-button';
import { Button, Input, Label } from '@/components/ui';
import { useAction } from '@/lib/use-action';
import { recordPaymentAction, runBillingAction, setTaxRateAction } from './actions';

export function RunBillingButton() {
  const router = useRouter();
  const { pending, run } = useAction(runBillingAction, {
    toastErrors: true,
    onSuccess(summary) {
      toast.success(`Billing run done: ${summary}`);
      router.refresh();
    },
  });
  return (
    <Button onClick={() => run({})} disabled={pending} data-testid="run-billing">
      {pending ? 'Running…' : 'Run billing now'}
    </Button>
  );
}

export function PaymentForm({
  invoiceId,
  tenantId,
  owedCents,
}: {
  invoiceId: string;
  tenantId: string;
  owedCents: number;
}) {
  const router = useRouter();
  const { pending, onSubmit } = useAction(recordPaymentAction, {
    toastErrors: true,
    onSuccess() {
      toast.success('Payment recorded.');
      router.refresh();
    },
  });
  return (
    <form className="flex gap-2" onSubmit={onSubmit}>
      <input type="hidden" name="invoiceId" value={invoiceId} />
      <input type="hidden" name="tenantId" value={tenantId} />
      <Input
        name="amountCents"
        type="number"
        min={1}
        defaultValue={owedCents}
        aria-label="Amount in cents"
        className="w-28"
        data-testid="payment-amount"
      />
      <Input name="reference" placeholder="Reference" aria-label="Reference" className="w-32" />
      <SubmitButton variant="secondary" disabled={pending} data-testid="record-payment">
        Record
      </SubmitButton>
    </form>
  );
}

export function TaxRateForm() {
  const { pending, onSubmit } = useAction(setTaxRateAction, {
    toastErrors: true,
    onSuccess: () => toast.success('Tax rate saved; it applies to the next invoices.'),
  });
  return (
    <form className="flex flex-col gap-3 sm:flex-row sm:items-end" onSubmit={onSubmit}>
      <div>
        <Label htmlFor="tax-tenant">Tenant id</Label>
        <Input id="tax-tenant" name="tenantId" required />
      </div>
      <div>
        <Label htmlFor="tax-percent">Tax %</Label>
        <Input
          id="tax-percent"
          name="percent"
          type="number"
          step="0.01"
          min={0}
          max={100}
          required
        />
      </div>
      <SubmitButton disabled={pending}>Save</SubmitButton>
    </form>
  );
}
