import type { RecordId } from './records.js';

/** Merged order: by `t`, ties broken by device id (code-unit order, the same in every language). */
export function compareRecords(a: RecordId, b: RecordId): number {
  if (a.t !== b.t) return a.t < b.t ? -1 : 1;
  if (a.device === b.device) return 0;
  return a.device < b.device ? -1 : 1;
}

/** Whether two records have the same id `(device, t)`. */
export function sameId(a: RecordId, b: RecordId): boolean {
  return a.t === b.t && a.device === b.device;
}
