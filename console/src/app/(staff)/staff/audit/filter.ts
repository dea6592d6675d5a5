import type { AuditTrailFilter } from '@tagtime/db';
import { z } from 'zod';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'A day is YYYY-MM-DD.')
  .optional()
  .or(z.literal('').transform(() => undefined));
const text = (max: number) => z.string().trim().max(max).optional();

/** The audit page's query string (and the CSV export's): what a person can type in the form. */
export const auditQuerySchema = z.object({
  actor: text(254),
  subject: text(254),
  action: text(64),
  outcome: z.enum(['ok', 'refused', '']).optional(),
  from: day,
  to: day,
  q: text(200),
  cursor: text(64),
});

export type AuditQuery = z.output<typeof auditQuerySchema>;

/** The query as the audit trail's filter: days are UTC, `to` includes its whole day. */
export function trailFilter(query: AuditQuery): AuditTrailFilter {
  const filter: AuditTrailFilter = {};
  if (query.actor) filter.actor = query.actor;
  if (query.subject) filter.subject = query.subject;
  if (query.action) filter.action = query.action;
  if (query.outcome) filter.outcome = query.outcome;
  if (query.q) filter.q = query.q;
  if (query.cursor) filter.cursor = query.cursor;
  if (query.from) filter.from = new Date(`${query.from}T00:00:00.000Z`);
  if (query.to) filter.to = new Date(`${query.to}T23:59:59.999Z`);
  return filter;
}

/** The query string of `query` with `change` applied (empty values left out). */
export function auditSearch(query: AuditQuery, change: Partial<AuditQuery> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query, ...change })) {
    if (typeof value === 'string' && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
