// The console's TypeScript sources as the guard checks read them.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { SourceFile } from './guard-coverage';

export const SRC = join(import.meta.dirname, '..', 'src');

/** Route files that cannot be guarded, with the reason. */
export const EXEMPT = {
  'app/api/auth/[...nextauth]/route.ts':
    "next-auth's own endpoint: it is the sign-in itself, its posts carry next-auth's CSRF token",
  'app/serwist/[path]/route.ts':
    'the service worker script, written at build time (force-static): the same public file for everyone, no data',
  'app/(pinger)/pinger/manifest.webmanifest/route.ts':
    'the web app manifest, written at build time (force-static): browsers fetch it without cookies, the same public file for everyone, no data',
};

export async function sources(): Promise<SourceFile[]> {
  const entries = await readdir(SRC, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name));
  return Promise.all(
    files.map(async (entry) => {
      const path = join(entry.parentPath, entry.name);
      return { path: relative(SRC, path).split(sep).join('/'), text: await readFile(path, 'utf8') };
    }),
  );
}
