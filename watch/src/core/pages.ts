import type { LogRecord } from '@tagtime/log/compact';
import { CompactEncoder } from '@tagtime/log/compact';
import { toBase64 } from './base64.js';
import { PAGE_BYTES } from './protocol.js';

export interface Page {
  base64: string;
  count: number;
  /** `t` of the page's first record. */
  first: number;
  /** `t` of the page's last record. */
  last: number;
  more: boolean;
}

/**
 * Splits records into `push` pages: each a standalone compact log (its own device frame and tag
 * dictionary) of at most PAGE_BYTES, or one record when a single record is larger.
 */
export function makePages(records: readonly LogRecord[], limit = PAGE_BYTES): Page[] {
  const pages: Page[] = [];
  let encoder = new CompactEncoder();
  let chunks: Uint8Array[] = [];
  let size = 0;
  let first = 0;
  let last = 0;
  const flush = () => {
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.length;
    }
    pages.push({ base64: toBase64(bytes), count: chunks.length, first, last, more: true });
  };
  for (const record of records) {
    let frames = encoder.encode(record);
    if (chunks.length > 0 && size + frames.length > limit) {
      flush();
      encoder = new CompactEncoder();
      chunks = [];
      size = 0;
      frames = encoder.encode(record);
    }
    if (chunks.length === 0) first = record.t;
    chunks.push(frames);
    size += frames.length;
    last = record.t;
  }
  if (chunks.length > 0) flush();
  const final = pages[pages.length - 1];
  if (final) final.more = false;
  return pages;
}
