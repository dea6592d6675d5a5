'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { Button, FormError, Input, Label } from '@/components/ui';
import { createTeamAction } from './actions';

export function CreateTeamForm() {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    const result = await createTeamAction({ name: new FormData(event.currentTarget).get('name') });
    setPending(false);
    if (!result.ok) return setError(result.message);
    router.push(`/t/${result.data.tenantId}`);
  }

  return (
    <form className="flex flex-col gap-3 sm:flex-row sm:items-end" onSubmit={onSubmit}>
      <div className="grow">
        <Label htmlFor="team-name">Team name</Label>
        <Input id="team-name" name="name" required data-testid="team-name" />
      </div>
      <Button type="submit" disabled={pending} data-testid="create-team">
        Create team
      </Button>
      <FormError message={error} />
    </form>
  );
}
