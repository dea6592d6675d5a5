import type { AuditQuery } from './filter';

const field =
  'w-full rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300 focus:ring-2 focus:ring-brand-500';

/** The audit log's filters: a plain GET form, so every filtered view is a link. */
export function AuditFilters({ query }: { query: Omit<AuditQuery, 'cursor'> }) {
  return (
    <form
      method="get"
      action="/staff/audit"
      className="mb-4 grid grid-cols-2 gap-2 sm:grid-cols-4"
      data-testid="audit-filters"
    >
      <label className="col-span-2 text-xs text-slate-600">
        Reason contains
        <input name="q" defaultValue={query.q ?? ''} className={field} data-testid="audit-q" />
      </label>
      <label className="text-xs text-slate-600">
        Actor (email or id)
        <input
          name="actor"
          defaultValue={query.actor ?? ''}
          className={field}
          data-testid="audit-actor-filter"
        />
      </label>
      <label className="text-xs text-slate-600">
        Subject user
        <input
          name="subject"
          defaultValue={query.subject ?? ''}
          className={field}
          data-testid="audit-subject-filter"
        />
      </label>
      <label className="text-xs text-slate-600">
        Action (logs.* for a family)
        <input
          name="action"
          defaultValue={query.action ?? ''}
          className={field}
          data-testid="audit-action-filter"
        />
      </label>
      <label className="text-xs text-slate-600">
        Outcome
        <select
          name="outcome"
          defaultValue={query.outcome ?? ''}
          className={field}
          data-testid="audit-outcome-filter"
        >
          <option value="">Any</option>
          <option value="ok">Done</option>
          <option value="refused">Refused</option>
        </select>
      </label>
      <label className="text-xs text-slate-600">
        From (UTC day)
        <input
          type="date"
          name="from"
          defaultValue={query.from ?? ''}
          className={field}
          data-testid="audit-from"
        />
      </label>
      <label className="text-xs text-slate-600">
        To (UTC day)
        <input
          type="date"
          name="to"
          defaultValue={query.to ?? ''}
          className={field}
          data-testid="audit-to"
        />
      </label>
      <div className="col-span-2 flex items-end gap-3 sm:col-span-4">
        <button
          type="submit"
          className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700"
          data-testid="audit-apply"
        >
          Filter
        </button>
        <a href="/staff/audit" className="text-sm text-slate-600 hover:underline">
          Clear
        </a>
      </div>
    </form>
  );
}
