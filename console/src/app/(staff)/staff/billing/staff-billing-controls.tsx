'use client';

import { useRouter } from 'next/navigation';
import { toast } from 'sonner';
import { SubmitButton } from '@/components/submit-button';
import { Button, FormError, Input, Label } from '@/components/ui';
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

/** Records a bank transfer; the amount is in the invoice's currency, like the page shows it. */
export function PaymentForm({
  invoiceId,
  tenantId,
  owed,
  currency,
}: {
  invoiceId: string;
  tenantId: string;
  /** What is still owed, as an amount ("4.00"): the default. */
  owed: string;
  currency: string;
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
    <form className="flex flex-wrap items-center gap-2" onSubmit={onSubmit}>
      <input type="hidden" name="invoiceId" value={invoiceId} />
      <input type="hidden" name="tenantId" value={tenantId} />
      <span className="inline-flex items-center gap-1">
        <Input
          name="amount"
          inputMode="decimal"
          pattern="\d+([.,]\d{1,2})?"
          defaultValue={owed}
          aria-label={`Amount in ${currency}`}
          className="w-24"
          data-testid="payment-amount"
        />
        <span className="text-xs text-slate-500">{currency}</span>
      </span>
      <Input name="reference" placeholder="Reference" aria-label="Reference" className="w-32" />
      <SubmitButton variant="secondary" disabled={pending} data-testid="record-payment">
        Record
      </SubmitButton>
    </form>
  );
}

/** Sets a tenant's tax rate, the tenant picked by name from the list (the current rate shown). */
export function TaxRateForm({
  tenants,
}: {
  tenants: Array<{ id: string; label: string; percent: number }>;
}) {
  const router = useRouter();
  const { error, pending, onSubmit } = useAction(setTaxRateAction, {
    onSuccess() {
      toast.success('Tax rate saved; it applies to the next invoices.');
      router.refresh();
    },
  });
  return (
    <form className="space-y-3" onSubmit={onSubmit}>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="min-w-0 grow">
          <Label htmlFor="tax-tenant">Tenant</Label>
          <select
            id="tax-tenant"
            name="tenantId"
            required
            defaultValue=""
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
            data-testid="tax-tenant"
          >
            <option value="" disabled>
              Pick a tenant…
            </option>
            {tenants.map((tenant) => (
              <option key={tenant.id} value={tenant.id}>
                {tenant.label} — now {tenant.percent}%
              </option>
            ))}
          </select>
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
            className="sm:w-28"
            data-testid="tax-percent"
          />
        </div>
        <SubmitButton disabled={pending} data-testid="save-tax-rate">
          Save
        </SubmitButton>
      </div>
      <FormError message={error} />
    </form>
  );
}
