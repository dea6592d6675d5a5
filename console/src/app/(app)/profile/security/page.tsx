import { listPasskeys, listUserSessions, unusedRecoveryCodes } from '@tagtime/db';
import type { Metadata } from 'next';
import { currentSession, requireUser } from '@/auth';
import { PageTitle } from '@/components/page-title';
import { Card } from '@/components/ui';
import { db } from '@/lib/db';
import { formatDateTime } from '@/lib/format';
import { getTotpSecretFor } from '@/lib/second-factor/totp';
import { browserName } from '@/lib/user-agent';
import { AddFactor } from './add-factor';
import { FactorList, NewRecoveryCodes } from './factors';
import { SessionList } from './sessions';

export const metadata: Metadata = { title: 'Security' };

/** Second factors (passkeys, an authenticator app, recovery codes) and the signed-in sessions. */
export default async function SecurityPage() {
  const user = await requireUser();
  const current = await currentSession();
  const [keys, totp, codes, sessions] = await Promise.all([
    listPasskeys(db(), user.id),
    getTotpSecretFor(user.id),
    unusedRecoveryCodes(db(), user.id),
    listUserSessions(db(), { userId: user.id }),
  ]);
  const when = (at: Date | null) => (at ? formatDateTime(at.toISOString(), user.timeZone) : '—');
  return (
    <>
      <PageTitle>Security</PageTitle>
      <Card title="Second factor">
        <FactorList
          passkeys={keys.map((key) => ({
            id: key.id,
            name: key.name,
            added: when(key.createdAt),
            used: when(key.lastUsedAt),
          }))}
          totp={totp ? { added: when(totp.confirmedAt) } : undefined}
        />
        <AddFactor />
        {keys.length + (totp ? 1 : 0) > 0 && <NewRecoveryCodes unused={codes} />}
      </Card>
      <Card title="Sessions">
        <SessionList
          current={current?.sessionId ?? ''}
          sessions={sessions.map((session) => ({
            id: session.id,
            browser: browserName(session.userAgent),
            address: session.address ?? 'unknown',
            lastUsed: when(session.lastSeenAt ?? session.createdAt),
            started: when(session.createdAt),
          }))}
        />
      </Card>
    </>
  );
}
