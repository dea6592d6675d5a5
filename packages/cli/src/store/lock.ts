import { open, readFile, unlink } from 'node:fs/promises';

export interface Lock {
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes the store lock (a file holding the owner's pid). LMDB itself takes any number of
 * processes, but a command reads before it writes (the device clock, the last ping asked about,
 * what an import already has), so two commands at once would act on stale reads. A lock left by
 * a process that died is taken over. Waits up to `waitMs` for a live owner.
 */
export async function acquireLock(path: string, waitMs = 10_000): Promise<Lock> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return { release: () => unlink(path).catch(() => undefined) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (!Number.isInteger(owner) || owner <= 0 || !alive(owner)) {
      await unlink(path).catch(() => undefined);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `another tagtime (pid ${owner}) is using the log in ${path.replace(/\/lock$/, '')}; try again when it is done`,
      );
    }
    await sleep(100);
  }
}
