import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ring } from '../src/ui/notify.js';

describe('ring', () => {
  const saved = { PATH: process.env.PATH, TAGTIME_NO_NOTIFY: process.env.TAGTIME_NO_NOTIFY };
  afterEach(() => {
    process.env.PATH = saved.PATH;
    if (saved.TAGTIME_NO_NOTIFY === undefined) delete process.env.TAGTIME_NO_NOTIFY;
    else process.env.TAGTIME_NO_NOTIFY = saved.TAGTIME_NO_NOTIFY;
  });

  const terminal = () => {
    const written: string[] = [];
    return {
      written,
      stream: { write: (t: string) => written.push(t) } as unknown as NodeJS.WriteStream,
    };
  };

  it('rings the bell and calls notify-send where it exists', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tagtime-notify-'));
    try {
      const out = join(dir, 'called');
      await writeFile(join(dir, 'notify-send'), `#!/bin/sh\nprintf '%s|' "$@" > '${out}'\n`);
      await chmod(join(dir, 'notify-send'), 0o755);
      process.env.PATH = dir;
      delete process.env.TAGTIME_NO_NOTIFY;
      const { written, stream } = terminal();
      ring('ping at 14:07:12: what are you doing?', stream);
      expect(written).toEqual(['\u0007']);
      await vi.waitFor(async () =>
        expect(await readFile(out, 'utf8')).toBe('TagTime|ping at 14:07:12: what are you doing?|'),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('still rings the bell where there is no notify-send', () => {
    process.env.PATH = '/nonexistent';
    const { written, stream } = terminal();
    ring('ping', stream);
    expect(written).toEqual(['\u0007']);
  });
});
