import { routes } from './routes';

export interface NavigationItem {
  href: string;
  label: string;
  testId: string;
}

/** The signed-in area's navigation, in order. */
export const APP_NAVIGATION: readonly NavigationItem[] = [
  { href: routes.overview, label: 'Overview', testId: 'nav-overview' },
  { href: routes.tenants, label: 'Tenants', testId: 'nav-tenants' },
  { href: routes.myTime, label: 'My time', testId: 'nav-my-time' },
  { href: routes.pinger, label: 'Pinger', testId: 'nav-pinger' },
  { href: routes.devices, label: 'Devices', testId: 'nav-devices' },
  { href: routes.profile, label: 'Profile', testId: 'nav-profile' },
];

/** The staff area's navigation, in order. */
export const STAFF_NAVIGATION: readonly NavigationItem[] = [
  { href: routes.staff, label: 'Users', testId: 'staff-nav-users' },
  { href: routes.staffBilling, label: 'Billing', testId: 'staff-nav-billing' },
  { href: routes.staffAudit, label: 'Audit log', testId: 'staff-nav-audit' },
  { href: routes.overview, label: 'Back to the console', testId: 'staff-nav-console' },
];
