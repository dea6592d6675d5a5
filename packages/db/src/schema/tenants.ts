import { sql } from 'drizzle-orm';
import {
  check,
  index,
  int,
  mysqlEnum,
  mysqlTable,
  primaryKey,
  varchar,
} from 'drizzle-orm/mysql-core';
import { createdAt, idColumn, updatedAt } from './columns.js';
import { users } from './users.js';

export const tenantKindValues = ['personal', 'team'] as const;
export type TenantKind = (typeof tenantKindValues)[number];

/** An account that is billed: a person alone or a team. */
export const tenants = mysqlTable(
  'tenants',
  {
    id: idColumn().primaryKey(),
    name: varchar('name', { length: 100 }).notNull(),
    kind: mysqlEnum('kind', tenantKindValues).notNull(),
    /** Tax charged on invoices, in hundredths of a percent (1900 = 19%). */
    taxRateBasisPoints: int('tax_rate_bp').notNull().default(0),
    /** Credit from downgrades, taken off the next invoices. */
    creditCents: int('credit_cents').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('tenants_tax_rate_range', sql`${t.taxRateBasisPoints} between 0 and 10000`),
    check('tenants_credit_nonnegative', sql`${t.creditCents} >= 0`),
  ],
);

export const tenantRoleValues = ['owner', 'admin', 'member'] as const;
export type TenantRole = (typeof tenantRoleValues)[number];

export const memberships = mysqlTable(
  'memberships',
  {
    tenantId: idColumn('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    userId: idColumn('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: mysqlEnum('role', tenantRoleValues).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId] }),
    index('memberships_user_idx').on(t.userId),
  ],
);
