import { z } from 'zod';
import { findNonJson } from './json-value.js';
import {
  type Batch,
  type CommandBody,
  DEVICE_ID_PATTERN,
  type JsonValue,
  LIMITS,
  type LogRecord,
} from './records.js';

/** An error function giving `is required` for a missing field and `must be …` otherwise. */
const expect = (what: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'is required' : `must be ${what}`;

const codePoints = (text: string): number => {
  let n = 0;
  for (const _ of text) n++;
  return n;
};

/** Tags: 1–64 characters, no whitespace. */
export const tagSchema = z
  .string({ error: expect('a tag (a string)') })
  .refine((tag) => tag.length > 0, { error: 'tag must not be empty', abort: true })
  .refine((tag) => codePoints(tag) <= LIMITS.tagMaxLength, {
    error: `tag must be at most ${LIMITS.tagMaxLength} characters`,
    abort: true,
  })
  .refine((tag) => !/\s/.test(tag), { error: 'tag must not contain whitespace' });

export const deviceIdSchema = z
  .string({ error: expect('a device id (a string)') })
  .regex(DEVICE_ID_PATTERN, {
    error: 'device id must be 1–64 characters of A–Z, a–z, 0–9, "_" or "-"',
  });

// `-0` passes `isSafeInteger` and `>= 0`, but is not the number it prints as: LMDB keys and
// msgpack tell it from 0, so a record at `t: -0` would land outside its log.
const nonNegativeInteger = (what: string) =>
  z
    .number({ error: expect(what) })
    .refine((n) => Number.isSafeInteger(n) && n >= 0, { error: `must be ${what}`, abort: true })
    .refine((n) => !Object.is(n, -0), { error: 'must be 0, not -0' });

/** Unix seconds of a scheduled ping. */
export const pingTimeSchema = nonNegativeInteger('a whole number of unix seconds (≥ 0)');
/** Unix ms of a record's entry. */
export const recordTimeSchema = nonNegativeInteger('a whole number of unix milliseconds (≥ 0)');

const text = (what = 'a string') => z.string({ error: expect(what) });
const nonEmpty = (what: string) =>
  text(what).refine((s) => s.length > 0, { error: `must be ${what}` });

export const jsonValueSchema = z.custom<JsonValue>().superRefine((value, ctx) => {
  if (value === undefined) {
    ctx.addIssue({ code: 'custom', message: 'is required' });
    return;
  }
  const found = findNonJson(value);
  if (found) ctx.addIssue({ code: 'custom', path: found.path, message: found.reason });
});

const optionalJson = jsonValueSchema.optional();

export const pingBodySchema = z.strictObject(
  {
    ping: pingTimeSchema,
    tags: z.array(tagSchema, { error: expect('a list of tags') }),
    note: text().optional(),
    auto: z.literal(true, { error: 'must be true when present' }).optional(),
  },
  { error: expect('an object') },
);

export const tagBodySchema = z.strictObject(
  { tag: tagSchema, category: text().optional(), color: text().optional() },
  { error: expect('an object') },
);

export const configBodySchema = z.strictObject(
  {
    key: nonEmpty('a non-empty string').refine((key) => key.length <= 64, {
      error: 'config key must be at most 64 characters',
    }),
    value: jsonValueSchema,
  },
  { error: expect('an object') },
);

export const errorBodySchema = z.strictObject(
  { message: text(), stack: text().optional(), context: optionalJson },
  { error: expect('an object') },
);

export const eventBodySchema = z.strictObject(
  { name: nonEmpty('a non-empty string'), data: optionalJson },
  { error: expect('an object') },
);

export const commandBodySchema: z.ZodType<CommandBody> = z.discriminatedUnion(
  'op',
  [
    z.strictObject({ op: z.literal('rename-tag'), from: tagSchema, to: tagSchema }),
    z.strictObject({ op: z.literal('delete-ping'), ping: pingTimeSchema }),
  ],
  { error: expect('an object') },
);

const envelope = { device: deviceIdSchema, t: recordTimeSchema };
const objectError = { error: expect('an object') };

/** One record; checks types and field rules, not size (see `validateRecord`). */
export const recordSchema: z.ZodType<LogRecord> = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ ...envelope, kind: z.literal('ping'), body: pingBodySchema }, objectError),
    z.strictObject({ ...envelope, kind: z.literal('tag'), body: tagBodySchema }, objectError),
    z.strictObject({ ...envelope, kind: z.literal('config'), body: configBodySchema }, objectError),
    z.strictObject({ ...envelope, kind: z.literal('error'), body: errorBodySchema }, objectError),
    z.strictObject({ ...envelope, kind: z.literal('event'), body: eventBodySchema }, objectError),
    z.strictObject(
      { ...envelope, kind: z.literal('command'), body: commandBodySchema },
      objectError,
    ),
  ],
  objectError,
) as z.ZodType<LogRecord>;

/** A batch `{ records: [...] }`; checks each record's shape, not limits or order. */
export const batchSchema: z.ZodType<Batch> = z.strictObject(
  { records: z.array(recordSchema, { error: expect('a list of records') }) },
  objectError,
);
