/** Every URL of the console, in one place; pages, links, redirects and revalidation use these. */
export const routes = {
  overview: '/',
  signIn: '/sign-in',
  tenants: '/tenants',
  tenant: (tenantId: string) => `/tenants/${tenantId}`,
  billing: (tenantId: string) => `/tenants/${tenantId}/billing`,
  invoice: (tenantId: string, invoiceId: string) => `/tenants/${tenantId}/invoices/${invoiceId}`,
  invite: (token: string) => `/invite/${token}`,
  devices: '/devices',
  myTime: '/my-time',
  pinger: '/pinger',
  myTimeImport: '/my-time/import',
  myTimeExport: '/my-time/export',
  myTimeCsv: '/my-time/hours-csv',
  profile: '/profile',
  profileExport: '/profile/export',
  staff: '/staff',
  staffUser: (userId: string) => `/staff/users/${userId}`,
  staffUserLogs: (userId: string, query?: string) =>
    `/staff/users/${userId}/logs${query ? `?q=${encodeURIComponent(query)}` : ''}`,
  staffUserApi: (userId: string, call: string) => `/staff/users/${userId}/api/${call}`,
  staffUserOpen: (userId: string, next?: string) =>
    `/staff/users/${userId}/open${next ? `?next=${encodeURIComponent(next)}` : ''}`,
  staffBilling: '/staff/billing',
  staffAudit: '/staff/audit',
  outbox: '/dev/outbox',
} as const;
