import type { Metadata } from 'next';
import { currentUser } from '@/auth';
import { AppHeader } from '@/components/app-header';
import { NotFoundMessage } from '@/components/not-found-message';

export const metadata: Metadata = { title: 'Not found' };

/**
 * A 404 outside the signed-in area's layout (an unknown address, the staff area for a customer):
 * with the header all the same. The status is 404 because no page streams before it decides
 * (there is no loading.tsx above the pages).
 */
export default async function NotFound() {
  const user = await currentUser();
  return (
    <div className="min-h-screen">
      <AppHeader user={user} />
      <main>
        <NotFoundMessage />
      </main>
    </div>
  );
}
