import { randomUUID } from 'node:crypto';
import { INTENT_ID_PATTERN } from '@tagtime/db';
import { z } from 'zod';

/**
 * A staff intent is one page view or one query (DESIGN.md, "Staff audit by intent"): its reads
 * of the admin API share its id, and the log server writes one audit row for all of them.
 */
export function newIntentId(): string {
  return randomUUID();
}

/** The intent id a staff page's browser sends with each read of one query. */
export const intentSchema = z
  .string()
  .regex(INTENT_ID_PATTERN, 'An intent id is 8–64 letters, digits, _ or -.')
  .optional();
