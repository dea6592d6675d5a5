import { tagSchema } from '@tagtime/log';
import { z } from 'zod';

export const renameTagSchema = z
  .object({
    from: tagSchema,
    to: z.string().trim().pipe(tagSchema),
  })
  .refine((input) => input.from !== input.to, {
    message: 'The new name is the same as the old one.',
    path: ['to'],
  });

export const deleteAnswerSchema = z.object({
  ping: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});

export const periodSchema = z.enum(['day', 'week', 'month']).catch('day');

/** What My time and its CSV read from the query string: the period and the date range. */
export const myTimeQuerySchema = z.object({
  period: periodSchema,
  from: z.string().max(32).optional(),
  to: z.string().max(32).optional(),
});

/** The most an import may hold: a lifetime of pings is a few MB. */
export const MAX_IMPORT_BYTES = 8 * 1024 * 1024;

/**
 * The content type the import page sends the file with: one no form can send, so a page on
 * another site cannot post an import (the route guard refuses form types).
 */
export const IMPORT_CONTENT_TYPE = 'application/x-tagtime-log';
