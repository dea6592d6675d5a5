import { getUser, searchUsers } from '@tagtime/db';
import type { Metadata } from 'next';
import { Button, Card, Input, Label } from '@/components/ui';
import { db } from '@/lib/db';
import { LogServerError } from '@/lib/log-server';
import { recordSummary } from '@/lib/record-summary';
import { auditStaff, requireStaff } from '@/lib/staff';
import { newIntentId } from '@/lib/staff-intent';
import { searchRecordText } from '@/lib/support-logs';
import { type FoundUserRow, FoundUsersTable } from './users-table';

export const metadata: Metadata = { title: 'Staff · Users' };

export default async function StaffHome({
  searchParams,
}: {
  searchParams: Promise<{ q?: string; text?: string; reason?: string }>;
}) {
  const staff = await requireStaff();
  const { q = '', text = '', reason = '' } = await searchParams;
  let rows: FoundUserRow[] | undefined;
  let problem: string | undefined;
  let note: string | undefined;
  if (q.trim() !== '') {
    await auditStaff(staff, 'staff.search_users');
    const found = await searchUsers(db(), { staffUserId: staff.user.id, query: q, limit: 50 });
    rows = found.map((user) => ({
      id: user.id,
      email: user.email,
      name: user.name,
      deleted: user.deletedAt !== null,
      matchedBy: user.matchedBy,
    }));
  } else if (text.trim() !== '') {
    if (reason.trim().length < 3) {
      problem = 'Searching record text reads every user’s logs: give the reason for it.';
    } else {
      try {
        const { data } = await searchRecordText(
          {
            staffUserId: staff.user.id,
            reason: reason.trim(),
            sessionId: staff.sessionId,
            intentId: newIntentId(),
          },
          text,
        );
        rows = [];
        for (const hit of data.users) {
          const user = await getUser(db(), hit.userId);
          rows.push({
            id: hit.userId,
            email: user?.email ?? '(no account)',
            name: user?.name ?? '',
            deleted: user ? user.deletedAt !== null : true,
            matchedBy: ['record text'],
            matches: hit.matches,
            sample: recordSummary(hit.latest),
          });
        }
        if (!data.complete) {
          note = `The search stopped after ${data.scanned.toLocaleString('en-US')} records; older records were not searched.`;
        }
      } catch (error) {
        if (!(error instanceof LogServerError)) throw error;
        problem = error.message;
      }
    }
  }
  return (
    <>
      <Card title="Find a user">
        <form className="flex flex-col gap-3 sm:flex-row sm:items-end" action="/staff">
          <div className="grow">
            <Label htmlFor="staff-query">Email, name, tenant, device id or user id</Label>
            <Input
              id="staff-query"
              name="q"
              defaultValue={q}
              required
              autoFocus
              data-testid="staff-search-query"
            />
          </div>
          <Button type="submit" data-testid="staff-search">
            Search
          </Button>
        </form>
        <details className="mt-4 text-sm" open={text !== ''}>
          <summary className="cursor-pointer text-slate-600">
            …or by text in their records (an error message from a ticket)
          </summary>
          <form
            className="mt-3 grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
            action="/staff"
          >
            <div>
              <Label htmlFor="staff-text">Record text</Label>
              <Input
                id="staff-text"
                name="text"
                defaultValue={text}
                required
                data-testid="staff-search-text"
              />
            </div>
            <div>
              <Label htmlFor="staff-text-reason">Reason (ticket id)</Label>
              <Input
                id="staff-text-reason"
                name="reason"
                defaultValue={reason}
                required
                minLength={3}
                data-testid="staff-search-text-reason"
              />
            </div>
            <Button type="submit" variant="secondary" data-testid="staff-search-text-submit">
              Search records
            </Button>
          </form>
        </details>
      </Card>
      {problem && (
        <p
          role="alert"
          className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800"
          data-testid="staff-search-problem"
        >
          {problem}
        </p>
      )}
      {rows && (
        <Card title={`${rows.length} found`}>
          {note && <p className="mb-3 text-sm text-amber-800">{note}</p>}
          <FoundUsersTable rows={rows} query={q || text} />
        </Card>
      )}
    </>
  );
}
