'use server';

import { revalidatePath } from 'next/cache';
import { routes } from '@/config/routes';
import { withUser } from '@/lib/guards/action-guards';
import { appendAsConsole } from '@/lib/my-log';
import { deleteAnswerSchema, renameTagSchema } from './schema';

/**
 * Renames a tag: a `rename-tag` command in the person's console device log. Every answer
 * before it shows the new name; the answers themselves stay as they were written.
 */
export const renameTagAction = withUser(renameTagSchema, async ({ from, to }, { user }) => {
  await appendAsConsole(user, [{ kind: 'command', body: { op: 'rename-tag', from, to } }]);
  revalidatePath(routes.myTime);
  return { from, to };
});

/** Deletes the answer to a ping: a `delete-ping` command; a later answer counts again. */
export const deleteAnswerAction = withUser(deleteAnswerSchema, async ({ ping }, { user }) => {
  await appendAsConsole(user, [{ kind: 'command', body: { op: 'delete-ping', ping } }]);
  revalidatePath(routes.myTime);
  return { ping };
});
