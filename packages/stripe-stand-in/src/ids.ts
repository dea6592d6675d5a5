import { randomBytes } from 'node:crypto';

/** An id as Stripe writes them: a prefix and random letters and digits. */
export function stripeId(prefix: string, length = 24): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(length);
  let id = '';
  for (const byte of bytes) id += alphabet[byte % alphabet.length];
  return `${prefix}_${id}`;
}

export const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
