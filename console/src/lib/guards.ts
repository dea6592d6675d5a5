import 'server-only';
import { isDbError, type User } from '@tagtime/db';
import type { z } from 'zod';
import { currentUser } from '@/auth';

/** What every server action answers: data, or a message fit to show the person. */
export type ActionResult<T> = { ok: true; data: T } | { ok: false; message: string };

/**
 * Wraps a server action: checks the session on the server every time, validates the input
 * with the same zod schema the form uses, and turns expected failures into messages.
 */
export function withUser<S extends z.ZodType, T>(
  schema: S,
  handler: (user: User, input: z.infer<S>) => Promise<T>,
): (input: unknown) => Promise<ActionResult<T>> {
  return async (input) => {
    const user = await currentUser();
    if (!user) return { ok: false, message: 'Your session has ended. Sign in again.' };
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      return { ok: false, message: parsed.error.issues[0]?.message ?? 'Check the form.' };
    }
    try {
      return { ok: true, data: await handler(user, parsed.data) };
    } catch (error) {
      if (isDbError(error)) return { ok: false, message: error.message };
      throw error;
    }
  };
}
