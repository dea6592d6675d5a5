import type { LogRecord, RecordDraft } from '@tagtime/log/compact';
import { CompactEncoder, encodeCompactLog, resumeCompactLog } from '@tagtime/log/compact';
import { type FileStore, type Recovered, recoverReplace, replaceFile } from './files.js';

export const QUARANTINE_PATH = 'tagtime.quarantine';

/** One text per record content, whatever order its keys were built in (decode vs. the app). */
function contentKey(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(contentKey).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${contentKey((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Records the server refused for good (a clock far ahead, a rule they break), kept on the watch
 * rather than lost or sent for ever: an append-only file in the log's compact encoding, in the
 * order they were set aside (their `t` may go back and forth, which the encoding allows). The same
 * durability rules as the log: whole frames are appended after the last good one, a torn last
 * frame is dropped at open, a rewrite goes through `replaceFile`. Setting aside is added to this
 * file before the records leave the log, so a crash in between leaves them in both: they are
 * refused again at the next sync and `add` keeps each record once.
 */
export class Quarantine {
  readonly path: string;
  #files: FileStore;
  #records: LogRecord[] = [];
  #keys = new Set<string>();
  #encoder = new CompactEncoder();

  private constructor(files: FileStore, path: string) {
    this.#files = files;
    this.path = path;
  }

  static open(
    files: FileStore,
    path = QUARANTINE_PATH,
  ): { quarantine: Quarantine; torn: boolean; recovered: Recovered } {
    const quarantine = new Quarantine(files, path);
    const { torn, recovered } = quarantine.#load();
    return { quarantine, torn, recovered };
  }

  #load(): { torn: boolean; recovered: Recovered } {
    const recovered = recoverReplace(this.#files, this.path);
    const decoded = resumeCompactLog(this.#files.read(this.path) ?? new Uint8Array(0));
    this.#records = decoded.records;
    this.#encoder = decoded.encoder;
    this.#keys = new Set(decoded.records.map(contentKey));
    if (decoded.torn) {
      const bytes = encodeCompactLog(this.#records);
      replaceFile(this.#files, this.path, bytes);
      this.#encoder = resumeCompactLog(bytes).encoder;
    }
    return { torn: decoded.torn, recovered };
  }

  /** Every record set aside, oldest first. */
  records(): readonly LogRecord[] {
    return this.#records;
  }

  get count(): number {
    return this.#records.length;
  }

  /**
   * Keeps `records` (those not kept already); returns how many were new. When the write fails
   * part-way the file is read again, so memory and file agree, and the error is rethrown.
   */
  add(records: readonly LogRecord[]): number {
    const fresh: LogRecord[] = [];
    const keys: string[] = [];
    for (const record of records) {
      const key = contentKey(record);
      if (this.#keys.has(key) || keys.includes(key)) continue;
      fresh.push(record);
      keys.push(key);
    }
    if (fresh.length === 0) return 0;
    const frames = fresh.map((r) => this.#encoder.encode(r));
    const joined = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
    let offset = 0;
    for (const frame of frames) {
      joined.set(frame, offset);
      offset += frame.length;
    }
    try {
      this.#files.append(this.path, joined);
    } catch (error) {
      this.#load();
      throw error;
    }
    this.#records.push(...fresh);
    for (const key of keys) this.#keys.add(key);
    return fresh.length;
  }
}

/** The `error` record naming records just set aside (the first 100, by `t` and kind). */
export function setAsideError(records: readonly LogRecord[], reason: string): RecordDraft {
  const message = `the server refused ${records.length} record(s), set aside on the watch: ${reason}`;
  return {
    kind: 'error',
    body: {
      message: message.slice(0, 400),
      context: {
        count: records.length,
        refused: records.slice(0, 100).map((r) => `${r.t} ${r.kind}`),
      },
    },
  };
}
