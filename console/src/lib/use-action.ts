'use client';

import { type FormEvent, startTransition, useActionState, useCallback, useRef } from 'react';
import { toast } from 'sonner';
import type { ActionResult } from './action-result';

interface Options<T> {
  /** Runs after a successful answer; `form` is the form that was sent, if any. */
  onSuccess?: (data: T, form: HTMLFormElement | undefined) => void;
  /** Also shows a failure as a toast (for buttons without a place for a FormError). */
  toastErrors?: boolean;
}

interface Sent<I, T> {
  input: I;
  form: HTMLFormElement | undefined;
  done: (result: ActionResult<T>) => void;
}

/**
 * The one way a client component calls a guarded server action, on React's `useActionState`:
 * `pending` while it runs, `error` with the last failure's message until the next success.
 * `onSubmit` sends a form's FormData (without React's reset of the fields, so a failed submit
 * keeps what the person typed); `run` sends an input from code and resolves with the answer.
 */
export function useAction<I, T>(
  action: (input: I) => Promise<ActionResult<T>>,
  options: Options<T> = {},
) {
  // The latest options, so callbacks see the current props without re-creating the action.
  const latest = useRef(options);
  latest.current = options;
  const [state, dispatch, pending] = useActionState<ActionResult<T> | null, Sent<I, T>>(
    async (_previous, sent) => {
      const result = await action(sent.input);
      if (result.ok) latest.current.onSuccess?.(result.data, sent.form);
      else if (latest.current.toastErrors) toast.error(result.message);
      sent.done(result);
      return result;
    },
    null,
  );
  const send = useCallback(
    (input: I, form?: HTMLFormElement) =>
      new Promise<ActionResult<T>>((done) => {
        startTransition(() => dispatch({ input, form, done }));
      }),
    [dispatch],
  );
  const run = useCallback((input: Exclude<I, FormData>) => send(input), [send]);
  const onSubmit = useCallback(
    (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      const form = event.currentTarget;
      // Guarded actions take FormData as well as their schema's input (see lib/guards/action-guards.ts).
      void send(new FormData(form) as I, form);
    },
    [send],
  );
  return { pending, error: state && !state.ok ? state.message : undefined, run, onSubmit };
}
