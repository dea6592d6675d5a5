'use client';

import { useRouter } from 'next/navigation';
import { toast } from 'sonner';
import { SelectField } from '@/components/select-field';
import { SubmitButton } from '@/components/submit-button';
import { Field, FormError } from '@/components/ui';
import { useAction } from '@/lib/use-action';
import { renameTagAction } from './actions';

/** Renames a tag in every answer so far (a command; the answers themselves stay). */
export function RenameTagForm({ tags }: { tags: string[] }) {
  const router = useRouter();
  const { pending, error, onSubmit } = useAction(renameTagAction, {
    onSuccess: ({ from, to }, form) => {
      toast.success(`${from} is now ${to}.`);
      form?.reset();
      router.refresh();
    },
  });
  if (tags.length === 0) return <p className="text-sm text-slate-600">No tags to rename yet.</p>;
  return (
    <form
      className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
      onSubmit={onSubmit}
      data-testid="rename-form"
    >
      <SelectField label="Tag" name="from" testId="rename-from">
        {tags.map((tag) => (
          <option key={tag} value={tag}>
            {tag}
          </option>
        ))}
      </SelectField>
      <Field label="New name" name="to" testId="rename-to" required maxLength={64} />
      <SubmitButton disabled={pending} data-testid="rename-submit">
        Rename
      </SubmitButton>
      <div className="sm:col-span-3">
        <FormError message={error} />
      </div>
    </form>
  );
}
