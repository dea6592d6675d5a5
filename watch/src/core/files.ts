/**
 * The file operations the on-watch log needs, as a port: `@zos/fs` on the watch, a folder or an
 * in-memory map in tests. Every call is synchronous, as `@zos/fs` is.
 */
export interface FileStore {
  /** The whole file, or undefined when it does not exist. */
  read(path: string): Uint8Array | undefined;
  /** Appends to the file, creating it when missing. May throw part-way (storage full, crash). */
  append(path: string, bytes: Uint8Array): void;
  /** Creates or replaces the file with `bytes`. */
  write(path: string, bytes: Uint8Array): void;
  /** Renames `from` to `to`; `to` must not exist. */
  rename(from: string, to: string): void;
  /** Removes the file; nothing happens when it is missing. */
  remove(path: string): void;
  exists(path: string): boolean;
}

/**
 * Replaces a file's content crash-safely: never edits it in place, but writes `<path>.new`,
 * removes the old file, then renames. `recoverReplace` at open finishes or undoes one that was
 * cut short, so a reader always finds either the whole old content or the whole new one.
 */
export function replaceFile(files: FileStore, path: string, bytes: Uint8Array): void {
  files.write(`${path}.new`, bytes);
  files.remove(path);
  files.rename(`${path}.new`, path);
}

/** What opening found of an interrupted `replaceFile`. */
export type Recovered = 'none' | 'finished-rename' | 'dropped-partial';

export function recoverReplace(files: FileStore, path: string): Recovered {
  const temp = `${path}.new`;
  if (!files.exists(temp)) return 'none';
  if (files.exists(path)) {
    // The old file is still there, so the new one may be incomplete: the old one rules.
    files.remove(temp);
    return 'dropped-partial';
  }
  // The old file is removed only after the new one was written whole.
  files.rename(temp, path);
  return 'finished-rename';
}

/** A `FileStore` in memory, for tests and the QuickJS check. */
export class MemoryFiles implements FileStore {
  readonly files = new Map<string, Uint8Array>();

  read(path: string): Uint8Array | undefined {
    const bytes = this.files.get(path);
    return bytes ? bytes.slice() : undefined;
  }

  append(path: string, bytes: Uint8Array): void {
    const old = this.files.get(path) ?? new Uint8Array(0);
    const joined = new Uint8Array(old.length + bytes.length);
    joined.set(old);
    joined.set(bytes, old.length);
    this.files.set(path, joined);
  }

  write(path: string, bytes: Uint8Array): void {
    this.files.set(path, bytes.slice());
  }

  rename(from: string, to: string): void {
    const bytes = this.files.get(from);
    if (!bytes) throw new Error(`rename: ${from} does not exist`);
    if (this.files.has(to)) throw new Error(`rename: ${to} exists`);
    this.files.delete(from);
    this.files.set(to, bytes);
  }

  remove(path: string): void {
    this.files.delete(path);
  }

  exists(path: string): boolean {
    return this.files.has(path);
  }
}
