// Issue 13, item 5: a full disk killed the process — lmdb-js's rejected commit promise went
// unhandled and Node exited. Replayed for real: the server process keeps its LMDB environment
// on a small tmpfs that the test fills to the last byte (the kernel's own ENOSPC, as on a real
// disk). Writes must get 507, reads go on, and writes work again once space returns. Needs root
// for `mount`; elsewhere the test is skipped and says why.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogRecord } from '@tagtime/log';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LmdbLogStore } from '../../src/store/lmdb-store.js';
import { type ServerProcess, startServerProcess } from '../../src/testing/server-process.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { bearer, makeDevice, makeRecords, makeUser, type TestDevice } from '../helpers/fixtures.js';

const mountPoint = mkdtempSync(join(tmpdir(), 'tagtime-full-disk-'));

/** Mounts a 16 MiB tmpfs; false where that is not allowed (not root, no CAP_SYS_ADMIN). */
function mountSmallDisk(): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mountPoint], {
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
}

const mounted = mountSmallDisk();
if (!mounted) {
  console.warn(`full-disk test skipped: cannot mount a tmpfs at ${mountPoint} (needs root)`);
}

let database: TestDatabase;
let server: ServerProcess;
let device: TestDevice;
const dataDir = join(mountPoint, 'logs');
const filler = join(mountPoint, 'filler');

beforeAll(async () => {
  if (!mounted) return;
  database = await createTestDatabase();
  device = await makeDevice(database.handle.db, await makeUser(database.handle.db));
  mkdirSync(dataDir);
  server = await startServerProcess({ DATA_DIR: dataDir, DATABASE_URL: database.url });
}, 60_000);

afterAll(async () => {
  if (server && server.child.exitCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  await database?.drop();
  if (mounted) execFileSync('umount', ['-l', mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

async function append(records: LogRecord[]) {
  const res = await fetch(`${server.url}/v1/records`, {
    method: 'POST',
    headers: { ...bearer(device.token), 'content-type': 'application/json' },
    body: JSON.stringify({ records }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Fills the file system to its last byte. */
function fillDisk(): void {
  const chunk = Buffer.alloc(256 * 1024, 1);
  for (;;) {
    try {
      appendFileSync(filler, chunk);
    } catch {
      break;
    }
  }
  for (;;) {
    try {
      appendFileSync(filler, Buffer.alloc(512, 1));
    } catch {
      return;
    }
  }
}

describe.skipIf(!mounted)('a full disk', () => {
  test('writes get 507, reads go on, the process lives, and writes resume when space returns', async () => {
    let t = 1_700_000_000_000;
    const acked: LogRecord[] = [];
    const batch = () => {
      const records = makeRecords(device.deviceId, t, 500);
      t += 500;
      return records;
    };
    const first = batch();
    expect((await append(first)).status).toBe(200);
    acked.push(...first);

    fillDisk();
    // The environment may still have free pages inside its file: append until it runs out.
    const refused: LogRecord[] = [];
    let answer: Awaited<ReturnType<typeof append>> | undefined;
    for (let i = 0; i < 200; i++) {
      const records = batch();
      answer = await append(records);
      if (answer.status !== 200) {
        refused.push(...records);
        break;
      }
      acked.push(...records);
    }
    expect(answer?.status).toBe(507);
    expect(answer?.body).toEqual({
      error: {
        code: 'insufficient_storage',
        message:
          "The server's storage is full; nothing was stored. Keep the records and retry later.",
      },
    });
    // Again and again: still answered, never a crash.
    for (let i = 0; i < 3; i++) {
      const records = batch();
      expect((await append(records)).status).toBe(507);
      refused.push(...records);
    }
    // Several at once: one commits on its own (the store was quiet), the others wait in
    // lmdb-js's batch (an asynchronous commit); each is refused the same way.
    const together = [batch(), batch(), batch()];
    const answers = await Promise.all(together.map((records) => append(records)));
    expect(answers.map((a) => a.status)).toEqual([507, 507, 507]);
    refused.push(...together.flat());
    expect(server.child.exitCode).toBeNull();

    // Reads go on.
    const heads = await fetch(`${server.url}/v1/heads`, { headers: bearer(device.token) });
    expect(await heads.json()).toEqual({ heads: { [device.deviceId]: acked.at(-1)?.t } });
    const pull = await fetch(`${server.url}/v1/records?limit=10`, {
      headers: bearer(device.token),
    });
    expect(pull.status).toBe(200);

    // Space returns: the refused batches can be sent again and are stored.
    rmSync(filler);
    const resent = await append(refused.slice(0, 500));
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ accepted: 500, duplicates: 0 });
    acked.push(...refused.slice(0, 500));

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const store = new LmdbLogStore({ path: dataDir });
    try {
      const report = await store.verify();
      expect(report).toMatchObject({ ok: true, records: acked.length });
      const stored = [...store.readLog(device.userId, device.deviceId)].map((record) => record.t);
      expect(stored).toEqual(acked.map((record) => record.t));
    } finally {
      await store.close();
    }
  }, 120_000);
});
