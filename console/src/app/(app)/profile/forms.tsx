'use client';

import { useRouter } from 'next/navigation';
import { signOut } from 'next-auth/react';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { Button, FormError, Input, Label } from '@/components/ui';
import { changePasswordAction, deleteAccountAction, updateProfileAction } from './actions';

function useSubmit(
  action: (input: Record<string, FormDataEntryValue>) => Promise<{ ok: boolean; message?: string }>,
  success: string,
  resetOnSuccess = false,
) {
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setPending(true);
    const result = await action(Object.fromEntries(new FormData(form)));
    setPending(false);
    if (!result.ok) return setError(result.message);
    setError(undefined);
    if (resetOnSuccess) form.reset();
    toast.success(success);
  }
  return { error, pending, onSubmit };
}

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
  const { error, pending, onSubmit } = useSubmit(async (input) => {
    const result = await updateProfileAction(input);
    if (result.ok) router.refresh();
    return result;
  }, 'Profile saved.');
  return (
    <form className="grid gap-4 sm:grid-cols-2" onSubmit={onSubmit}>
      <div>
        <Label htmlFor="profile-name">Name</Label>
        <Input
          id="profile-name"
          name="name"
          defaultValue={name}
          required
          data-testid="profile-name"
        />
      </div>
      <div>
        <Label htmlFor="profile-zone">Time zone (every date is shown in it)</Label>
        <select
          id="profile-zone"
          name="timeZone"
          defaultValue={timeZone}
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
          data-testid="profile-time-zone"
        >
          {zones.map((zone) => (
            <option key={zone}>{zone}</option>
          ))}
        </select>
      </div>
      <div className="sm:col-span-2">
        <FormError message={error} />
        <Button type="submit" disabled={pending} data-testid="save-profile">
          Save
        </Button>
      </div>
    </form>
  );
}

export function PasswordForm() {
  const { error, pending, onSubmit } = useSubmit(changePasswordAction, 'Password changed.', true);
  return (
    <form className="grid gap-4 sm:grid-cols-2" onSubmit={onSubmit}>
      <div>
        <Label htmlFor="current-password">Current password</Label>
        <Input
          id="current-password"
          name="current"
          type="password"
          autoComplete="current-password"
          required
          data-testid="current-password"
        />
      </div>
      <div>
        <Label htmlFor="new-password">New password</Label>
        <Input
          id="new-password"
          name="next"
          type="password"
          autoComplete="new-password"
          required
          data-testid="new-password"
        />
      </div>
      <div className="sm:col-span-2">
        <FormError message={error} />
        <Button type="submit" disabled={pending} data-testid="change-password">
          Change password
        </Button>
      </div>
    </form>
  );
}

export function DeleteAccount({ email }: { email: string }) {
  const [error, setError] = useState<string>();
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await deleteAccountAction(Object.fromEntries(new FormData(event.currentTarget)));
    if (!result.ok) return setError(result.message);
    await signOut({ callbackUrl: '/sign-in' });
  }
  return (
    <form className="space-y-3 border-t border-slate-200 pt-4" onSubmit={onSubmit}>
      <p className="text-sm text-slate-700">
        Deleting your account signs you out and revokes all your devices. Export your data first: it
        cannot be undone.
      </p>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="grow">
          <Label htmlFor="confirm-email">Type {email} to confirm</Label>
          <Input
            id="confirm-email"
            name="confirmEmail"
            autoComplete="off"
            data-testid="confirm-email"
          />
        </div>
        <Button type="submit" variant="danger" data-testid="delete-account">
          Delete my account
        </Button>
      </div>
      <FormError message={error} />
    </form>
  );
}
