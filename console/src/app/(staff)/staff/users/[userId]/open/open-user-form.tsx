'use client';

import { SubmitButton } from '@/components/submit-button';
import { Field, FormError } from '@/components/ui';
import { useAction } from '@/lib/use-action';
import { openUserAction } from './actions';

export function OpenUserForm({ userId, next }: { userId: string; next: string | undefined }) {
  const { pending, error, onSubmit } = useAction(openUserAction);
  return (
    <form className="space-y-3" onSubmit={onSubmit} data-testid="reason-form">
      <input type="hidden" name="userId" value={userId} />
      {next && <input type="hidden" name="next" value={next} />}
      <Field
        label="Why are you opening this user? (ticket id or a sentence)"
        name="reason"
        testId="reason-input"
        required
        minLength={3}
        maxLength={500}
        autoFocus
        placeholder="e.g. ticket 4711: pings missing since Tuesday"
      />
      <FormError message={error} />
      <SubmitButton disabled={pending} data-testid="reason-submit">
        Open
      </SubmitButton>
    </form>
  );
}
