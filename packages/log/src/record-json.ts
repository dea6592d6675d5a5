import { RECORD_KINDS, type RecordKind } from './records.js';

const KINDS: ReadonlySet<string> = new Set(RECORD_KINDS);
const KIND_FIELD = '"kind":"';

/**
 * The `kind` of a record from its canonical JSON, without parsing it (stores keep records as
 * canonical JSON; the support queries count kinds over millions of them). Canonical JSON sorts
 * keys — `body`, `device`, `kind`, `t` — so the text ends `…,"kind":"<kind>","t":<t>}`: the last
 * `"kind":"` is the record's own, since any in the body comes before it and a device id holds no
 * quote. `undefined` for text that is not a canonical record.
 */
export function kindOfCanonicalRecord(json: string): RecordKind | undefined {
  const at = json.lastIndexOf(KIND_FIELD);
  if (at < 0) return undefined;
  const start = at + KIND_FIELD.length;
  const end = json.indexOf('"', start);
  if (end < 0 || !json.startsWith('","t":', end)) return undefined;
  const kind = json.slice(start, end);
  return KINDS.has(kind) ? (kind as RecordKind) : undefined;
}
