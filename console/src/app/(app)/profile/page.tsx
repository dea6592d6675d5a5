import type { Metadata } from 'next';
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
      <Card title="Sessions">
        <SignOutEverywhere />
      </Card>
      <Card title="Your data">
        <DeleteAccount email={user.email} />
      </Card>
    </>
  );
}
