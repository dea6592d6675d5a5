import {
  activeDeviceIds,
  authenticateDeviceToken,
  type Database,
  reportUnsent,
  touchDevice,
} from '@tagtime/db';
import type { DeviceDirectory, DeviceIdentity } from './device-auth.js';

/** Device tokens as @tagtime/db stores them: hash lookups in MariaDB. */
export function dbDeviceDirectory(db: Database): DeviceDirectory {
  return {
    async lookup(token: string): Promise<DeviceIdentity | undefined> {
      return authenticateDeviceToken(db, token);
    },
    async touch(deviceId: string, at: Date): Promise<void> {
      await touchDevice(db, deviceId, at);
    },
    async reportUnsent(deviceId: string, count: number, at: Date): Promise<void> {
      await reportUnsent(db, deviceId, count, at);
    },
    active(deviceIds: string[]): Promise<string[]> {
      return activeDeviceIds(db, deviceIds);
    },
  };
}
