import { z } from 'zod';
import { DbError } from './errors.js';
import { DEVICE_ID_PATTERN } from './ids.js';
import { deviceKindValues } from './schema/devices.js';

/** Parses `input` or throws DbError `invalid_input` naming the first bad field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : 'input';
  throw new DbError('invalid_input', `Invalid ${field}: ${issue?.message ?? 'not accepted'}.`);
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'must be an email address' }));
export const passwordSchema = z.string().min(8, 'must have at least 8 characters').max(1024);
export const nameSchema = z.string().trim().min(1, 'must not be empty').max(100);
export const timeZoneSchema = z
  .string()
  .max(64)
  .refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin');
export const idSchema = z.string().min(1).max(32);
export const deviceIdSchema = z
  .string()
  .regex(DEVICE_ID_PATTERN, 'must be 1-64 of A-Z a-z 0-9 _ -');
export const deviceKindSchema = z.enum(deviceKindValues);
