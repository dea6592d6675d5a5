'use client';

import { useRouter } from 'next/navigation';
import { SubmitButton } from '@/components/submit-button';
import { Field, FormError } from '@/components/ui';
import { routes } from '@/config/routes';
import { useAction } from '@/lib/use-action';
import { createTeamAction } from './actions';

export function CreateTeamForm() {
  const router = useRouter();
  const { error, pending, onSubmit } = useAction(createTeamAction, {
    onSuccess: ({ tenantId }) => router.push(routes.tenant(tenantId)),
  });

  return (
    <form className="flex flex-col gap-3 sm:flex-row sm:items-end" onSubmit={onSubmit}>
      <Field label="Team name" name="name" testId="team-name" className="grow" required />
      <SubmitButton disabled={pending} data-testid="create-team">
        Create team
      </SubmitButton>
      <FormError message={error} />
    </form>
  );
}
