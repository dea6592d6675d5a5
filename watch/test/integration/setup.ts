// A real log server process (@tagtime/server/testing) over a scratch MariaDB database, the watch
// app built into a temp folder, and a paired Simulation.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SyncApi } from '@tagtime/client';
import { createDevice, createPairingCode, createUser } from '@tagtime/db';
import { createScratchDatabase, type ScratchDatabase } from '@tagtime/db/testing';
import type { LogRecord } from '@tagtime/log';
import { type ServerProcess, startServerProcess } from '@tagtime/server/testing';
import { HOME, Simulation } from '../../runtime/simulation.js';
import { bundle } from '../../scripts/build.js';

export interface World {
  db: ScratchDatabase;
  server: ServerProcess;
  appDir: string;
  close(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  const db = await createScratchDatabase({ prefix: 'tagtime_watch_test', freeMaxDevices: 1000 });
  const dir = await mkdtemp(join(tmpdir(), 'tagtime-watch-'));
  // Every test pairs its watches from one address: lift the pairing limit (10 a minute).
  const server = await startServerProcess({
    DATABASE_URL: db.url,
    DATA_DIR: join(dir, 'logs'),
    RATE_LIMIT_PAIR_PER_IP: '1000',
  });
  await bundle(join(dir, 'zeus'));
  return {
    db,
    server,
    appDir: join(dir, 'zeus'),
    async close() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
      await db.drop();
    },
  };
}

export async function newUser(world: World): Promise<string> {
  const user = await createUser(world.db.handle.db, {
    email: `watch-${Math.random().toString(36).slice(2)}@example.test`,
    password: 'correct horse battery staple',
    name: 'Watch test user',
  });
  return user.id;
}

/** A watch paired through the settings app (POST /v1/pair), its app open once and synced. */
export async function pairedWatch(
  world: World,
  userId: string,
  options: { startMs: number; quiet?: [string, string] },
): Promise<Simulation> {
  const sim = new Simulation({ appDir: world.appDir, startMs: options.startMs });
  const { code } = await createPairingCode(world.db.handle.db, { userId });
  sim.phone.enter('Server URL', world.server.url);
  if (options.quiet) {
    sim.phone.enter('Quiet from (HH:MM)', options.quiet[0]);
    sim.phone.enter('Quiet until (HH:MM)', options.quiet[1]);
  }
  sim.phone.enter('Pairing code', code);
  await sim.idle();
  if (!sim.phone.settingsText().includes('Paired as')) {
    throw new Error(`pairing failed:\n${sim.phone.settingsText()}`);
  }
  sim.launch(HOME);
  await sim.idle();
  return sim;
}

/** Another device of the user (as the CLI would be), to read and write through the server. */
export async function otherDevice(world: World, userId: string) {
  const { device, token } = await createDevice(world.db.handle.db, {
    userId,
    name: 'cli',
    kind: 'cli',
  });
  const api = new SyncApi(world.server.url, token);
  return {
    device: device.id,
    api,
    async all(): Promise<LogRecord[]> {
      const records: LogRecord[] = [];
      let after = {};
      for (;;) {
        const page = await api.getRecords(after, 1000);
        records.push(...page.records);
        after = page.cursor;
        if (!page.more || page.records.length === 0) return records;
      }
    },
  };
}
