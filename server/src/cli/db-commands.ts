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
import type { CommandResult } from './result.js';

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
