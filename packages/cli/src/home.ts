import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The log server `tagtime pair` uses when neither `--server` nor `$TAGTIME_SERVER` names one. */
export const DEFAULT_SERVER = 'http://127.0.0.1:8787';

/** The device id records carry before pairing; pairing relabels them with the real one. */
export const UNPAIRED_DEVICE = 'local';

/** What `tagtime pair` learned; absent fields mean the machine is not paired. */
export interface Settings {
  server?: string;
  device?: string;
  token?: string;
  name?: string;
}

/** Where the CLI keeps its files: `$TAGTIME_HOME`, else `~/.tagtime`. */
export function homeDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.TAGTIME_HOME || join(homedir(), '.tagtime');
}

export const paths = (home: string) => ({
  settings: join(home, 'settings.json'),
  /** The LMDB environment (a directory) holding the log and its folded view. */
  store: join(home, 'store'),
  /** The NeDB file of CLI versions before the LMDB store; migrated on first open. */
  nedbLog: join(home, 'log.db'),
  lock: join(home, 'lock'),
});

export async function ensureHome(home: string): Promise<void> {
  await mkdir(home, { recursive: true, mode: 0o700 });
}

export async function readSettings(home: string): Promise<Settings> {
  const file = paths(home).settings;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  try {
    return JSON.parse(text) as Settings;
  } catch {
    throw new Error(`${file} is not valid JSON; fix it or pair again after moving it away`);
  }
}

/** Writes settings atomically (temp file, then rename), readable by the owner only: it holds the token. */
export async function writeSettings(home: string, settings: Settings): Promise<void> {
  const file = paths(home).settings;
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, file);
}
