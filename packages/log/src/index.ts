// All of @tagtime/log: its zod-free core (core.ts), the record rules' zod schema and the validator.
export * from './core.js';
export {
  batchSchema,
  commandBodySchema,
  configBodySchema,
  deviceIdSchema,
  errorBodySchema,
  eventBodySchema,
  jsonValueSchema,
  pingBodySchema,
  pingTimeSchema,
  recordSchema,
  recordTimeSchema,
  tagBodySchema,
  tagSchema,
} from './schema.js';
export { formatPath, validateBatch, validateRecord } from './validate.js';
