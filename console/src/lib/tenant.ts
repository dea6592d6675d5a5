import 'server-only';
import { getTenant, isDbError, type TenantWithRole, type User } from '@tagtime/db';
import { notFound } from 'next/navigation';
import { requireUser } from '@/auth';
import { db } from './db';

/**
 * The signed-in user and the tenant of the URL, checked in the database. Someone who is not a
 * member gets the same 404 as for a tenant that does not exist: an id in a URL reveals nothing.
 */
export async function requireTenant(
  tenantId: string,
): Promise<{ user: User; tenant: TenantWithRole }> {
  const user = await requireUser();
  try {
    return { user, tenant: await getTenant(db(), { userId: user.id, tenantId }) };
  } catch (error) {
    if (isDbError(error, 'forbidden') || isDbError(error, 'not_found')) notFound();
    throw error;
  }
}

export const isManager = (tenant: TenantWithRole) =>
  tenant.role === 'owner' || tenant.role === 'admin';
