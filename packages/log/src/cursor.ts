import { DEVICE_ID_PATTERN, type RecordId } from './records.js';

/** Per device, the `t` of the last record delivered; a device not named starts from its log's start. */
export type Cursor = Record<string, number>;

/** A cursor text that does not follow `<device>:<t>,...`. */
export class CursorError extends Error {
  override name = 'CursorError';
}

/** Parses the protocol's `after=<device>:<t>,...` value (empty text: the empty cursor). */
export function parseCursor(text: string): Cursor {
  const cursor: Cursor = Object.create(null);
  if (text.trim() === '') return cursor;
  const parts = text.split(',');
  parts.forEach((part, i) => {
    const colon = part.lastIndexOf(':');
    const where = `cursor part ${i + 1} ("${part}")`;
    if (colon < 0) throw new CursorError(`${where} must look like <device>:<t>`);
    const device = part.slice(0, colon);
    const tText = part.slice(colon + 1);
    if (!DEVICE_ID_PATTERN.test(device)) {
      throw new CursorError(`${where} names an invalid device id "${device}"`);
    }
    if (!/^\d{1,16}$/.test(tText) || !Number.isSafeInteger(Number(tText))) {
      throw new CursorError(`${where} must end in a whole number of unix milliseconds`);
    }
    if (Object.hasOwn(cursor, device)) {
      throw new CursorError(`${where} names device "${device}" a second time`);
    }
    cursor[device] = Number(tText);
  });
  return cursor;
}

/** The protocol text of a cursor, devices in sorted order (so equal cursors give equal text). */
export function formatCursor(cursor: Cursor): string {
  return Object.keys(cursor)
    .sort()
    .map((device) => `${device}:${cursor[device]}`)
    .join(',');
}

/** The cursor after delivering `record` (a new object; the old one is left as it was). */
export function advanceCursor(cursor: Cursor, record: RecordId): Cursor {
  const at = cursor[record.device];
  if (at !== undefined && at >= record.t) return cursor;
  return { ...cursor, [record.device]: record.t };
}

/** Whether `record` comes after the cursor, i.e. has not been delivered yet. */
export function isAfterCursor(cursor: Cursor, record: RecordId): boolean {
  const at = Object.hasOwn(cursor, record.device) ? cursor[record.device] : undefined;
  return at === undefined || record.t > at;
}
