/** The signed-in area's navigation, in order. */
export const APP_NAVIGATION = [
  { href: '/', label: 'Overview', testId: 'nav-overview' },
  { href: '/tenants', label: 'Tenants', testId: 'nav-tenants' },
  { href: '/devices', label: 'Devices', testId: 'nav-devices' },
  { href: '/profile', label: 'Profile', testId: 'nav-profile' },
] as const;
