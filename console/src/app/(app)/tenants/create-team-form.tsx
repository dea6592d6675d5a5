'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { SubmitButton } from '@/components/submit-button';
import { Field, FormError } from '@/components/ui';
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
      <Field
        label="Team name"
        name="name"
        id="team-name"
        testId="team-name"
        className="grow"
        required
      />
      <SubmitButton disabled={pending} data-testid="create-team">
        Create team
      </SubmitButton>
      <FormError message={error} />
    </form>
  );
}
