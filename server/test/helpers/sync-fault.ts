import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE = fileURLToPath(new URL('../faults/sync-fault.c', import.meta.url));

/**
 * Builds faults/sync-fault.c with the system C compiler (once per source version) and returns
 * the shared library's path. A machine without `cc` fails here, saying so: the durability
 * tests below LMDB cannot run without it (.ci/run installs gcc).
 */
function buildSyncFaultLibrary(): string {
  const source = readFileSync(SOURCE);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 12);
  const library = join(tmpdir(), `tagtime-sync-fault-${hash}.so`);
  if (!existsSync(library)) {
    const building = `${library}.${process.pid}.tmp`;
    try {
      execFileSync('cc', ['-shared', '-fPIC', '-O2', '-Wall', '-o', building, SOURCE, '-ldl'], {
        stdio: 'pipe',
      });
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
      throw new Error(`cannot build the sync-fault library with cc (install gcc): ${stderr}`);
    }
    // A rename, so a concurrent test file never loads a half-written library.
    execFileSync('mv', [building, library]);
  }
  return library;
}

/**
 * A data folder on a "disk" that loses every write not synced when the power goes, and whose
 * syncs the test can fail or hold (see faults/sync-fault.c). Processes started with `env`
 * write through it.
 */
export class SyncFaultDisk {
  readonly dataDir: string;
  private readonly state: string;
  readonly env: NodeJS.ProcessEnv;

  constructor(label: string) {
    const root = mkdtempSync(join(tmpdir(), `tagtime-${label}-`));
    this.dataDir = join(root, 'logs');
    this.state = join(root, 'disk');
    mkdirSync(this.dataDir);
    mkdirSync(this.state);
    this.env = {
      DATA_DIR: this.dataDir,
      LD_PRELOAD: buildSyncFaultLibrary(),
      SYNC_FAULT_DIR: this.dataDir,
      SYNC_FAULT_STATE: this.state,
    };
  }

  /** From now on every fsync/fdatasync (and O_DSYNC write) of the data fails with EIO. */
  failSyncs(failing: boolean): void {
    this.flag('fail', failing);
  }

  /** From now on only the writes of LMDB's meta page (through its O_DSYNC descriptor) fail. */
  failMetaWrites(failing: boolean): void {
    this.flag('fail-dsync', failing);
  }

  /** While held, a sync waits before it starts: the writer stops between commit and sync. */
  holdSyncs(held: boolean): void {
    this.flag('hold', held);
  }

  /** The syncs failed so far, one line each (pid, call, file). */
  failures(): string[] {
    const path = join(this.state, 'failures');
    return existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n').filter(Boolean) : [];
  }

  /**
   * The power goes: what was never synced is gone. Call it only once every process writing
   * the data is dead (killed, not closed: a close would sync).
   */
  losePower(): void {
    for (const name of readdirSync(this.state)) {
      if (!name.endsWith('.durable')) continue;
      copyFileSync(join(this.state, name), join(this.dataDir, name.slice(0, -'.durable'.length)));
    }
    rmSync(join(this.dataDir, 'lock.mdb'), { force: true });
    for (const name of readdirSync(this.state)) {
      if (name.endsWith('.pending') || name === 'errseq') rmSync(join(this.state, name));
    }
  }

  remove(): void {
    rmSync(join(this.dataDir, '..'), { recursive: true, force: true });
  }

  private flag(name: string, on: boolean): void {
    const path = join(this.state, name);
    if (on) writeFileSync(path, '');
    else rmSync(path, { force: true });
  }
}
