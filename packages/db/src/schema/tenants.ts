import { index, mysqlEnum, mysqlTable, primaryKey, varchar } from 'drizzle-orm/mysql-core';
import { createdAt, idColumn, updatedAt } from './columns.js';
import { users } from './users.js';

export const tenantKindValues = ['personal', 'team'] as const;
export type TenantKind = (typeof tenantKindValues)[number];

/** An account that is billed: a person alone or a team. */
export const tenants = mysqlTable('tenants', {
  id: idColumn().primaryKey(),
  name: varchar('name', { length: 100 }).notNull(),
  kind: mysqlEnum('kind', tenantKindValues).notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

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
