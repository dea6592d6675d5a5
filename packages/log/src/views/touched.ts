import type { LogRecord } from '../records.js';

/** One device's errors or events in a batch: the span of their times (ms). */
export interface DiagnosticSpan {
  device: string;
  kind: 'error' | 'event';
  from: number;
  to: number;
}

/** What a batch of records can read or change of a kept `LogView` state. */
export interface TouchedEntries {
  /** Ping slots its answers and `delete-ping` commands name. */
  pings: number[];
  /** Config keys it sets. */
  config: string[];
  /** Per device and kind, the span of its errors' and events' times. */
  diagnostics: DiagnosticSpan[];
}

/**
 * The state entries a batch can touch: its pings' slots (answers and deletes), its config keys,
 * and the counts of its errors' and events' days. A store that keeps the state as entries
 * (`stateEntries`) resumes a `LogView` from these plus the heads, applies the batch and writes
 * `changeEntries(view.takeChanges())`: exact, because each of LogView's rules reads only the
 * slot, key or count a record names (renames and tag records are only appended).
 */
export function entriesTouchedBy(records: readonly LogRecord[]): TouchedEntries {
  const pings = new Set<number>();
  const config = new Set<string>();
  const spans = new Map<string, DiagnosticSpan>();
  for (const record of records) {
    if (record.kind === 'ping') pings.add(record.body.ping);
    else if (record.kind === 'command' && record.body.op === 'delete-ping') {
      pings.add(record.body.ping);
    } else if (record.kind === 'config') config.add(record.body.key);
    else if (record.kind === 'error' || record.kind === 'event') {
      const { device, kind, t } = record;
      const span = spans.get(`${device}\u0000${kind}`);
      if (span) {
        span.from = Math.min(span.from, t);
        span.to = Math.max(span.to, t);
      } else spans.set(`${device}\u0000${kind}`, { device, kind, from: t, to: t });
    }
  }
  return { pings: [...pings], config: [...config], diagnostics: [...spans.values()] };
}
