import { randomBytes } from 'node:crypto';
import {
  createDevice,
  createUser,
  type Database,
  type DeviceKind,
  grantStaffRole,
  markSecondFactor,
  startSession,
} from '@tagtime/db';
import type { LogRecord } from '@tagtime/log';

export interface TestDevice {
  userId: string;
  deviceId: string;
  token: string;
}

export async function makeUser(db: Database, label = 'user'): Promise<string> {
  const user = await createUser(db, {
    email: `${label}-${randomBytes(5).toString('hex')}@example.test`,
    password: 'correct horse battery staple',
    name: `Test ${label}`,
  });
  return user.id;
}

export async function makeDevice(
  db: Database,
  userId: string,
  kind: DeviceKind = 'phone',
): Promise<TestDevice> {
  const { device, token } = await createDevice(db, { userId, name: `test ${kind}`, kind });
  return { userId, deviceId: device.id, token };
}

const staffSessions = new Map<string, string>();

/**
 * A support staff member with a console session past its second factor (what the admin API
 * requires); `staffSession(id)` names that session.
 */
export async function makeStaff(db: Database): Promise<string> {
  const userId = await makeUser(db, 'staff');
  await grantStaffRole(db, { userId, role: 'support' });
  const sessionId = await startSession(db, { userId, maxAgeSeconds: 3600 });
  await markSecondFactor(db, { sessionId, userId });
  staffSessions.set(userId, sessionId);
  return userId;
}

/** The verified console session of a staff member made by makeStaff. */
export function staffSession(staffUserId: string): string {
  const sessionId = staffSessions.get(staffUserId);
  if (!sessionId) throw new Error(`makeStaff did not make ${staffUserId}`);
  return sessionId;
}

/** `n` valid records of one device starting at `t0`, one ms apart unless `step` says otherwise. */
export function makeRecords(device: string, t0: number, n: number, step = 1): LogRecord[] {
  const records: LogRecord[] = [];
  for (let i = 0; i < n; i++) {
    const t = t0 + i * step;
    records.push(
      i % 3 === 0
        ? { device, t, kind: 'ping', body: { ping: Math.floor(t / 1000), tags: ['work', `n${i}`] } }
        : i % 3 === 1
          ? { device, t, kind: 'event', body: { name: 'app-started', data: { i } } }
          : { device, t, kind: 'error', body: { message: `oops ${i}`, context: { i } } },
    );
  }
  return records;
}

export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}
