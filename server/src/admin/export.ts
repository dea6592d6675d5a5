import { kindOfJson } from '../store/bucket-counts.js';
import type { LogStore, StoredRecord } from '../store/log-store.js';
import type { ResolvedQuery } from './log-query.js';
import { pageRecords } from './page.js';
import type { Position } from './position.js';

export type ExportFormat = 'jsonl' | 'csv';

/** Records read per step: the export holds one step in memory, never the whole log. */
const STEP = 2000;

export const CSV_HEADER = 't,time,device,kind,body\r\n';

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record as a CSV row (RFC 4180): `t`, ISO time, device, kind, the body's JSON. */
export function csvRow(record: StoredRecord): string {
  const end = record.json.lastIndexOf(',"device":"');
  const body = record.json.slice(8, end);
  const time = new Date(record.t).toISOString();
  return `${record.t},${time},${record.device},${kindOfJson(record.json)},${csvField(body)}\r\n`;
}

/**
 * The records of a query oldest first as JSON Lines (the stored canonical JSON, one per line)
 * or CSV, produced a step at a time as the reader takes them: memory stays one step whatever
 * the log's size, and a reader that goes away stops the reading.
 */
export async function* exportRecords(
  store: LogStore,
  userId: string,
  query: ResolvedQuery,
  format: ExportFormat,
): AsyncGenerator<string> {
  if (format === 'csv') yield CSV_HEADER;
  let from: Position | undefined;
  for (;;) {
    const page = pageRecords(store, userId, query, {
      direction: 'forward',
      ...(from ? { from } : {}),
      limit: STEP,
      maxScanned: 25 * STEP,
    });
    let chunk = '';
    for (const record of page.records) {
      chunk += format === 'csv' ? csvRow(record) : `${record.json}\n`;
    }
    if (chunk !== '') yield chunk;
    if (!page.more) return;
    from = page.cursor;
  }
}
