import type { FileStore, MemoryFiles } from '../src/core/files.js';

export class Crash extends Error {}

/** Files that die after `budget` more bytes: the write in progress keeps only what fit. */
export class CrashingFiles implements FileStore {
  constructor(
    readonly disk: MemoryFiles,
    public budget: number,
  ) {}
  #spend(path: string, bytes: Uint8Array, write: (b: Uint8Array) => void): void {
    if (bytes.length <= this.budget) {
      this.budget -= bytes.length;
      write(bytes);
      return;
    }
    write(bytes.subarray(0, this.budget));
    this.budget = 0;
    throw new Crash(`crashed writing ${path}`);
  }
  read(path: string) {
    return this.disk.read(path);
  }
  append(path: string, bytes: Uint8Array) {
    this.#spend(path, bytes, (b) => this.disk.append(path, b));
  }
  write(path: string, bytes: Uint8Array) {
    // A real write is not atomic either: a crash leaves a truncated file.
    this.#spend(path, bytes, (b) => this.disk.write(path, b));
  }
  rename(from: string, to: string) {
    if (this.budget === 0) throw new Crash('crashed before rename');
    this.disk.rename(from, to);
  }
  remove(path: string) {
    if (this.budget === 0) throw new Crash('crashed before remove');
    this.disk.remove(path);
  }
  exists(path: string) {
    return this.disk.exists(path);
  }
}
