'use client';

import { useRouter } from 'next/navigation';
import { signOut } from 'next-auth/react';
import { useState } from 'react';
import { toast } from 'sonner';
import { SelectField } from '@/components/select-field';
import { SubmitButton } from '@/components/submit-button';
import { Button, Field, FormError } from '@/components/ui';
import { routes } from '@/config/routes';
import { forgetPingerShell } from '@/lib/pinger/service-worker';
import { useAction } from '@/lib/use-action';
import {
  changePasswordAction,
  deleteAccountAction,
  signOutEverywhereAction,
  updateProfileAction,
} from './actions';

export function ProfileForm({
  name,
  timeZone,
  zones,
}: {
  name: string;
  timeZone: string;
  zones: string[];
}) {
  const router = useRouter();
  const { error, pending, onSubmit } = useAction(updateProfileAction, {
    onSuccess() {
      toast.success('Profile saved.');
      router.refresh();
    },
  });
  return (
    <form className="grid gap-4 sm:grid-cols-2" onSubmit={onSubmit}>
      <Field label="Name" name="name" testId="profile-name" defaultValue={name} required />
      <SelectField
        label="Time zone (every date is shown in it)"
        name="timeZone"
        testId="profile-time-zone"
        defaultValue={timeZone}
      >
        {zones.map((zone) => (
          <option key={zone}>{zone}</option>
        ))}
      </SelectField>
      <div className="sm:col-span-2">
        <FormError message={error} />
        <SubmitButton disabled={pending} data-testid="save-profile">
          Save
        </SubmitButton>
      </div>
    </form>
  );
}

export function PasswordForm() {
  const { error, pending, onSubmit } = useAction(changePasswordAction, {
    onSuccess(_data, form) {
      form?.reset();
      toast.success('Password changed.');
    },
  });
  return (
    <form className="grid gap-4 sm:grid-cols-2" onSubmit={onSubmit}>
      <Field
        label="Current password"
        name="current"
        testId="current-password"
        type="password"
        autoComplete="current-password"
        required
      />
      <Field
        label="New password"
        name="next"
        testId="new-password"
        type="password"
        autoComplete="new-password"
        required
      />
      <div className="sm:col-span-2">
        <FormError message={error} />
        <SubmitButton disabled={pending} data-testid="change-password">
          Change password
        </SubmitButton>
      </div>
    </form>
  );
}

/** Ends every session of the account (a lost laptop, a shared computer), then this one. */
export function SignOutEverywhere() {
  const { error, pending, run } = useAction(signOutEverywhereAction, {
    onSuccess: () => void forgetPingerShell().then(() => signOut({ callbackUrl: routes.signIn })),
  });
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700">
        Changing your password signs out every other browser. To sign out everywhere, this browser
        included:
      </p>
      <Button
        variant="secondary"
        onClick={() => run({})}
        disabled={pending}
        data-testid="sign-out-everywhere"
      >
        Sign out everywhere
      </Button>
      <FormError message={error} />
    </div>
  );
}

/** Export, then (and only then) delete: an account is deleted after its data is saved. */
export function DeleteAccount({ email }: { email: string }) {
  const [exported, setExported] = useState(false);
  const { error, pending, onSubmit } = useAction(deleteAccountAction, {
    onSuccess: () => void forgetPingerShell().then(() => signOut({ callbackUrl: routes.signIn })),
  });
  return (
    <>
      <p className="mb-4 text-sm text-slate-700">
        Download everything your account holds as JSON.{' '}
        <a
          className="font-medium text-brand-600 hover:underline"
          href={routes.profileExport}
          onClick={() => setExported(true)}
          data-testid="export-data"
        >
          Export my data
        </a>
      </p>
      <form className="space-y-3 border-t border-slate-200 pt-4" onSubmit={onSubmit}>
        <p className="text-sm text-slate-700">
          Deleting your account signs you out and revokes all your devices. It cannot be undone
          {exported ? '.' : ': export your data first.'}
        </p>
        <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
          <Field
            label={<>Type {email} to confirm</>}
            name="confirmEmail"
            testId="confirm-email"
            className="grow"
            autoComplete="off"
          />
          <SubmitButton
            variant="danger"
            disabled={!exported || pending}
            data-testid="delete-account"
          >
            Delete my account
          </SubmitButton>
        </div>
        <FormError message={error} />
      </form>
    </>
  );
}
