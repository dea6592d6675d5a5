'use client';

import { useState } from 'react';
import { toast } from 'sonner';
import { CopyButton } from '@/components/copy-button';
import { SelectField } from '@/components/select-field';
import { SubmitButton } from '@/components/submit-button';
import { Field, FormError } from '@/components/ui';
import { useAction } from '@/lib/use-action';
import { inviteAction } from './actions';
import { SeatOffer } from './seat-offer';

export function InviteForm({
  tenantId,
  canInviteManagers,
  plan,
}: {
  tenantId: string;
  canInviteManagers: boolean;
  /** The paid plan, whose seats an invitation takes; null on Free. */
  plan: { code: string; name: string; seats: number } | null;
}) {
  const [link, setLink] = useState<string>();
  const [full, setFull] = useState<{ reason: string; form: HTMLFormElement }>();
  const { error, pending, run } = useAction(inviteAction, {
    onSuccess({ url }) {
      setLink(url);
      setFull(undefined);
      toast.success('Invitation mailed. You can also copy the link.');
    },
  });

  async function send(form: HTMLFormElement) {
    const fields = new FormData(form);
    const result = await run({
      tenantId,
      email: String(fields.get('email') ?? ''),
      role: String(fields.get('role') ?? 'member') as 'owner' | 'admin' | 'member',
    });
    setFull(
      !result.ok && result.code === 'seats_full' ? { reason: result.message, form } : undefined,
    );
  }

  return (
    <form
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        void send(event.currentTarget);
      }}
    >
      <input type="hidden" name="tenantId" value={tenantId} />
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <Field
          label="Email"
          name="email"
          testId="invite-email"
          className="grow"
          type="email"
          required
        />
        <SelectField label="Role" name="role" testId="invite-role" defaultValue="member" fit>
          <option value="member">Member</option>
          {canInviteManagers && <option value="admin">Admin</option>}
          {canInviteManagers && <option value="owner">Owner</option>}
        </SelectField>
        <SubmitButton disabled={pending} data-testid="create-invite">
          Send invitation
        </SubmitButton>
      </div>
      {full && plan ? (
        <SeatOffer
          tenantId={tenantId}
          reason={full.reason}
          plan={plan}
          onSeatAdded={() => void send(full.form)}
        />
      ) : (
        <FormError message={error} />
      )}
      {link && <InviteLink url={link} />}
      <p className="text-xs text-slate-500">
        The invitation is mailed; its link works once, for 7 days, for that email only.
      </p>
    </form>
  );
}

/** A freshly made invitation link: shown once (only its hash is kept), with a copy button. */
export function InviteLink({ url }: { url: string }) {
  return (
    <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
      <p
        className="grow break-all rounded-md bg-slate-100 p-2 font-mono text-xs"
        data-testid="invite-link"
      >
        {url}
      </p>
      <CopyButton text={url} testId="copy-invite-link" />
    </div>
  );
}
