import { randomBytes } from 'node:crypto';
import type { Executor } from '../src/client.js';
import { createUser, type User } from '../src/queries/users.js';

export const PASSWORD = 'correct horse battery staple';

export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomBytes(4).toString('hex')}@example.test`;
}

export function makeUser(
  db: Executor,
  overrides: { email?: string; name?: string } = {},
): Promise<User> {
  return createUser(db, {
    email: overrides.email ?? uniqueEmail(),
    password: PASSWORD,
    name: overrides.name ?? 'Test User',
  });
}
