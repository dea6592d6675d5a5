import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { ConfigError } from './config.js';

/**
 * Makes sure `path` is a directory this process can write the LMDB environment into: an
 * existing directory is used whatever its name, a missing one is created, anything else is
 * refused with one sentence.
 */
export function ensureDataDir(path: string): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw unusable(path, error);
    try {
      mkdirSync(path, { recursive: true });
    } catch (mkdirError) {
      throw unusable(path, mkdirError, 'cannot be created');
    }
    isDirectory = true;
  }
  if (!isDirectory) {
    throw new ConfigError(
      `DATA_DIR ${path} is a file, not a directory; point DATA_DIR at a directory (a missing one is created).`,
    );
  }
  try {
    accessSync(path, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (error) {
    throw unusable(path, error, 'is not writable by this user');
  }
}

function unusable(path: string, error: unknown, what = 'cannot be used'): ConfigError {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  return new ConfigError(`DATA_DIR ${path} ${what} (${code}).`);
}
