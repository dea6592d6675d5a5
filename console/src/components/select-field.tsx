import type { ReactNode, SelectHTMLAttributes } from 'react';
import { Label } from './ui';

/**
 * A labelled select, styled as `Field`'s input: the label, the select and its test id (also its
 * id) in one place. `fit` keeps the select as wide as its options (beside a button in a row)
 * instead of as wide as its column.
 */
export function SelectField({
  label,
  testId,
  id = testId,
  fit = false,
  className = '',
  ...select
}: SelectHTMLAttributes<HTMLSelectElement> & {
  label: ReactNode;
  name: string;
  testId: string;
  fit?: boolean;
}) {
  return (
    <div className={className}>
      <Label htmlFor={id}>{label}</Label>
      <select
        id={id}
        data-testid={testId}
        className={`${fit ? '' : 'block w-full '}rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm`}
        {...select}
      />
    </div>
  );
}
