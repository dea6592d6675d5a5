import { createHash } from 'node:crypto';
import type { DeviceKind } from '../schema/devices.js';
import type { TenantRole } from '../schema/tenants.js';
import type { StaffRole } from '../schema/users.js';
import { DEVICE_TOKEN_PREFIX } from '../tokens.js';

// Demo data with known credentials, for development and end-to-end tests only. `npm start`
// prints them; never seed a production database.

export interface DemoUser {
  key: 'owner' | 'member' | 'support' | 'staffAdmin';
  email: string;
  password: string;
  name: string;
  tenantRole?: TenantRole;
  staffRole?: StaffRole;
}

export const DEMO_USERS: readonly DemoUser[] = [
  {
    key: 'owner',
    email: 'owner@demo.tagtime.test',
    password: 'demo-owner-pass',
    name: 'Olivia Owner',
    tenantRole: 'owner',
  },
  {
    key: 'member',
    email: 'member@demo.tagtime.test',
    password: 'demo-member-pass',
    name: 'Max Member',
    tenantRole: 'member',
  },
  {
    key: 'support',
    email: 'support@tagtime.test',
    password: 'demo-support-pass',
    name: 'Sam Support',
    staffRole: 'support',
  },
  {
    key: 'staffAdmin',
    email: 'admin@tagtime.test',
    password: 'demo-admin-pass',
    name: 'Ada Admin',
    staffRole: 'staff-admin',
  },
];

export const DEMO_TENANT_NAME = 'Demo Team';
export const DEMO_PLAN_CODE = 'team';
export const DEMO_SEATS = 2;

export interface DemoDevice {
  id: string;
  name: string;
  kind: DeviceKind;
  /** A fixed, well-formed token, so tools and tests can sync as a demo device without pairing. */
  token: string;
}

function demoToken(id: string): string {
  return `${DEVICE_TOKEN_PREFIX}${createHash('sha256').update(`tagtime demo ${id}`).digest('base64url')}`;
}

/** The owner's two demo devices. */
export const DEMO_DEVICES: readonly DemoDevice[] = [
  { id: 'dev_demo_watch', name: 'Demo watch', kind: 'watch', token: demoToken('dev_demo_watch') },
  { id: 'dev_demo_laptop', name: 'Demo laptop', kind: 'cli', token: demoToken('dev_demo_laptop') },
];
