import { z } from 'zod';
import { DbError } from './errors.js';
import { DEVICE_ID_PATTERN } from './ids.js';
import { deviceKindValues } from './schema/devices.js';

export { emailSchema, nameSchema, passwordSchema, timeZoneSchema } from './rules.js';

/** Parses `input` or throws DbError `invalid_input` naming the first bad field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : 'input';
  const rule = (issue?.message ?? 'not accepted').replace(/\.$/, '');
  throw new DbError('invalid_input', `Invalid ${field}: ${rule}.`);
}

export const idSchema = z.string().min(1).max(32);
export const deviceIdSchema = z
  .string()
  .regex(DEVICE_ID_PATTERN, 'must be 1-64 of A-Z a-z 0-9 _ -');
export const deviceKindSchema = z.enum(deviceKindValues);
