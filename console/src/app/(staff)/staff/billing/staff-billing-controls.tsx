'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { SubmitButton } from '@/components/submit-button';
import { Button, Input, Label } from '@/components/ui';
import { recordPaymentAction, runBillingAction, setTaxRateAction } from './actions';

export function RunBillingButton() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  async function run() {
    setPending(true);
    const result = await runBillingAction();
    setPending(false);
    if (!result.ok) return toast.error(result.message);
    toast.success(`Billing run done: ${result.data}`);
    router.refresh();
  }
  return (
    <Button onClick={run} disabled={pending} data-testid="run-billing">
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
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await recordPaymentAction({
      invoiceId,
      tenantId,
      amountCents: form.get('amountCents'),
      reference: form.get('reference'),
    });
    if (!result.ok) return toast.error(result.message);
    toast.success('Payment recorded.');
    router.refresh();
  }
  return (
    <form className="flex gap-2" onSubmit={onSubmit}>
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
      <SubmitButton variant="secondary" data-testid="record-payment">
        Record
      </SubmitButton>
    </form>
  );
}

export function TaxRateForm() {
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await setTaxRateAction(Object.fromEntries(new FormData(event.currentTarget)));
    if (!result.ok) return toast.error(result.message);
    toast.success('Tax rate saved; it applies to the next invoices.');
  }
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
      <SubmitButton>Save</SubmitButton>
    </form>
  );
}
