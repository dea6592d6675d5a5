'use client';

import { KIND_ORDER } from './styles';

export interface FacetValue {
  value: string;
  label: string;
  count: number;
  color: string;
  /** Chosen in the query: kept, left out, or neither. */
  state: 'in' | 'out' | undefined;
}

function FacetGroup({
  title,
  values,
  testId,
  onToggle,
}: {
  title: string;
  values: FacetValue[];
  testId: string;
  onToggle: (value: string, only: boolean) => void;
}) {
  return (
    <div>
      <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">{title}</h3>
      <ul className="space-y-0.5" data-testid={testId}>
        {values.map((facet) => (
          <li key={facet.value}>
            <button
              type="button"
              onClick={(event) => onToggle(facet.value, event.altKey || event.metaKey)}
              title="Click to filter; Alt-click to keep only this"
              className={`flex w-full items-center gap-2 rounded px-1.5 py-0.5 text-left text-sm hover:bg-slate-100 ${
                facet.state === 'in' ? 'bg-brand-50 font-medium ring-1 ring-brand-500' : ''
              } ${facet.state === 'out' ? 'line-through opacity-60' : ''}`}
              data-testid={`${testId}-${facet.value}`}
              aria-pressed={facet.state === 'in'}
            >
              <span
                className="inline-block h-2.5 w-2.5 shrink-0 rounded-full"
                style={{ backgroundColor: facet.color }}
              />
              <span className="truncate">{facet.label}</span>
              <span className="ml-auto font-mono text-xs text-slate-500" data-testid="facet-count">
                {facet.count.toLocaleString('en-US')}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The facets beside the table: kinds and devices with their counts, each a filter toggle. */
export function FacetList({
  kinds,
  devices,
  note,
  onToggle,
}: {
  kinds: FacetValue[];
  devices: FacetValue[];
  note: string | undefined;
  onToggle: (field: 'kind' | 'device', value: string, only: boolean) => void;
}) {
  const ordered = [...kinds].sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.value as (typeof KIND_ORDER)[number]) -
      KIND_ORDER.indexOf(b.value as (typeof KIND_ORDER)[number]),
  );
  return (
    <div className="space-y-4">
      <FacetGroup
        title="Kind"
        values={ordered}
        testId="facet-kind"
        onToggle={(value, only) => onToggle('kind', value, only)}
      />
      <FacetGroup
        title="Device"
        values={devices}
        testId="facet-device"
        onToggle={(value, only) => onToggle('device', value, only)}
      />
      {note && <p className="text-xs text-amber-800">{note}</p>}
    </div>
  );
}
