import type { RecordResult } from '@tagtime/log/core';

let validator: Promise<typeof import('@tagtime/log/validate')> | undefined;

/**
 * `validateRecord` for a record its fast path (`validateRecordFast`, checked first by callers)
 * declined: the rules' zod schema decides it and names the field at fault. It is loaded on the
 * first such record only, so the common path (every record an app or the server writes in the
 * usual shapes) never loads zod.
 */
export async function validateRecordLazily(input: unknown, index?: number): Promise<RecordResult> {
  validator ??= import('@tagtime/log/validate');
  return (await validator).validateRecord(input, index);
}
