import type { Metadata } from 'next';
import Link from 'next/link';
import { requireUser } from '@/auth';
import { PageTitle } from '@/components/page-title';
import { Card } from '@/components/ui';
import { DeleteAccount, PasswordForm, ProfileForm, SignOutEverywhere } from './forms';

export const metadata: Metadata = { title: 'Profile' };

export default async function ProfilePage() {
  const user = await requireUser();
  const zones = Intl.supportedValuesOf('timeZone');
  return (
    <>
      <PageTitle>Profile</PageTitle>
      <Card title="You">
        <ProfileForm
          name={user.name}
          timeZone={user.timeZone}
          zones={zones.includes('UTC') ? zones : ['UTC', ...zones]}
        />
      </Card>
      <Card title="Password">
        <PasswordForm />
      </Card>
      <Card title="Sessions and second factor">
        <p className="mb-3 text-sm">
          <Link
            href="/profile/security"
            className="text-brand-700 hover:underline"
            data-testid="security-link"
          >
            See your sessions and set up a passkey or an authenticator app
          </Link>
        </p>
        <SignOutEverywhere />
      </Card>
      <Card title="Your data">
        <DeleteAccount email={user.email} />
      </Card>
    </>
  );
}
