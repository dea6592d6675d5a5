// The names and values other packages code against (server, client, console, watch).
import { describe, expect, it } from 'vitest';
import * as log from '../src/index.js';

describe('the public contract', () => {
  it('keeps the agreed limits and device id pattern', () => {
    expect(log.LIMITS).toEqual({
      recordBytes: 8192,
      batchRecords: 5000,
      batchBytes: 1048576,
      tagMaxLength: 64,
    });
    expect(log.DEVICE_ID_PATTERN.source).toBe('^[A-Za-z0-9_-]{1,64}$');
    expect(log.RECORD_KINDS).toEqual(['ping', 'tag', 'config', 'error', 'event', 'command']);
  });

  it('exports every agreed function and class', () => {
    for (const name of [
      'recordSchema',
      'batchSchema',
      'validateBatch',
      'validateRecord',
      'encodedSize',
      'canonicalJson',
      'sameRecord',
      'mergeLogs',
      'mergeLogsSync',
      'compareRecords',
      'parseCursor',
      'formatCursor',
      'advanceCursor',
      'CursorError',
      'stampTimes',
      'DeviceClock',
    ] as const) {
      // biome-ignore lint/performance/noDynamicNamespaceImportAccess: checking the export list itself
      expect(typeof log[name], name).toBe(name.endsWith('Schema') ? 'object' : 'function');
    }
  });

  it('batchSchema parses a batch with the same rules as validateBatch', () => {
    const records = [{ device: 'a', t: 1, kind: 'event', body: { name: 'start' } }];
    expect(log.batchSchema.parse({ records })).toEqual({ records });
    expect(log.batchSchema.safeParse({ records: [{ ...records[0], t: -1 }] }).success).toBe(false);
  });
});
