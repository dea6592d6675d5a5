import { z } from 'zod';
import { DbError } from './errors.js';
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

export const deviceKindSchema = z.enum(deviceKindValues);
