import { randomBytes } from 'node:crypto';
import {
  createDb,
  createDevice,
  createUser,
  type DeviceKind,
  deviceKindValues,
  findUserByEmail,
  revokeDevice,
} from '@tagtime/db';
import type { ServerConfig } from '../config.js';
import { LmdbLogStore } from '../store/lmdb-store.js';

/** What a command prints (JSON on stdout) and the process exit code. */
export interface CommandResult {
  output: unknown;
  exitCode: number;
}

async function withDb<T>(
  config: ServerConfig,
  use: (db: ReturnType<typeof createDb>['db']) => Promise<T>,
): Promise<T> {
  const handle = createDb(config.databaseUrl);
  try {
    return await use(handle.db);
  } finally {
    await handle.close();
  }
}

async function withStore<T>(config: ServerConfig, use: (store: LmdbLogStore) => Promise<T>) {
  const store = new LmdbLogStore({ path: config.dataDir });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

/** Creates a device (and its user when no user has the email) and prints its token once. */
export async function createDeviceCommand(
  config: ServerConfig,
  input: { email: string; name: string; kind: string; password?: string },
): Promise<CommandResult> {
  if (!(deviceKindValues as readonly string[]).includes(input.kind)) {
    throw new Error(`--kind must be one of ${deviceKindValues.join(', ')}`);
  }
  return withDb(config, async (db) => {
    let user = await findUserByEmail(db, input.email);
    let password: string | undefined;
    if (user === undefined) {
      password = input.password ?? randomBytes(12).toString('base64url');
      user = await createUser(db, { email: input.email, password, name: input.email });
    }
    const { device, token } = await createDevice(db, {
      userId: user.id,
      name: input.name,
      kind: input.kind as DeviceKind,
    });
    return {
      output: {
        userId: user.id,
        deviceId: device.id,
        token,
        ...(password !== undefined && input.password === undefined ? { password } : {}),
      },
      exitCode: 0,
    };
  });
}

export async function revokeCommand(
  config: ServerConfig,
  deviceId: string,
): Promise<CommandResult> {
  return withDb(config, async (db) => {
    const device = await revokeDevice(db, deviceId);
    return {
      output: { deviceId: device.id, revokedAt: device.revokedAt?.toISOString() ?? null },
      exitCode: 0,
    };
  });
}

export async function headsCommand(config: ServerConfig, userId: string): Promise<CommandResult> {
  return withStore(config, async (store) => ({ output: await store.heads(userId), exitCode: 0 }));
}

/** Exit code 1 when the store has problems, so scripts and CI can act on it. */
export async function verifyCommand(config: ServerConfig): Promise<CommandResult> {
  return withStore(config, async (store) => {
    const report = await store.verify();
    return { output: report, exitCode: report.ok ? 0 : 1 };
  });
}
