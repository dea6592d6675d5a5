'use client';

import { formatLogQuery, type LogQuery, parseLogQuery, toggleLogQueryTerm } from '@tagtime/log';
import { useMemo } from 'react';
import type { Facets } from './api';
import { FacetList, type FacetValue } from './facet-list';
import { KIND_COLORS, KIND_ORDER } from './styles';

export interface DeviceLabel {
  id: string;
  name: string;
  kind: string;
}

const NO_COLOR = '#64748b';
const TEXT_LEFT_OUT = 'Counts leave the text out (too many records to read).';

/** Whether the query keeps a value (`kind:error`), leaves it out (`-kind:error`), or neither. */
function stateIn(chosen: readonly string[] | undefined, left: readonly string[] | undefined) {
  return (value: string): FacetValue['state'] =>
    chosen?.includes(value) ? 'in' : left?.includes(value) ? 'out' : undefined;
}

/** Kinds with records, and kinds the query names even without any (so they can be undone). */
function kindValues(facets: Facets | undefined, query: LogQuery | undefined): FacetValue[] {
  const state = stateIn(query?.kinds, query?.notKinds);
  return KIND_ORDER.filter(
    (kind) => (facets?.kinds[kind] ?? 0) > 0 || query?.kinds.includes(kind),
  ).map((kind) => ({
    value: kind,
    label: kind,
    count: facets?.kinds[kind] ?? 0,
    color: KIND_COLORS[kind] ?? NO_COLOR,
    state: state(kind),
  }));
}

/** The user's devices that the counts know (any with records in the range). */
function deviceValues(
  devices: DeviceLabel[],
  colors: Record<string, string>,
  facets: Facets | undefined,
  query: LogQuery | undefined,
): FacetValue[] {
  const state = stateIn(query?.devices, query?.notDevices);
  return devices
    .filter((device) => facets?.devices[device.id] !== undefined)
    .map((device) => ({
      value: device.id,
      label: `${device.name} · ${device.kind}`,
      count: facets?.devices[device.id] ?? 0,
      color: colors[device.id] ?? NO_COLOR,
      state: state(device.id),
    }));
}

/**
 * The facets of the view: each kind and device with its count, a click toggling it in the
 * query (`onQuery` gets the new query text). Until the counts come: a placeholder, a dash when
 * loading failed.
 */
export function LogFacets({
  q,
  facets,
  failed,
  devices,
  colors,
  onQuery,
}: {
  q: string;
  facets: Facets | undefined;
  failed: boolean;
  devices: DeviceLabel[];
  colors: Record<string, string>;
  onQuery: (q: string) => void;
}) {
  // A query the server refused still shows its facets, unchosen.
  const query = useMemo(() => {
    try {
      return parseLogQuery(q);
    } catch {
      return undefined;
    }
  }, [q]);
  if (!facets) {
    return <p className="text-sm text-slate-500">{failed ? '—' : 'Counting…'}</p>;
  }
  const toggle = (field: 'kind' | 'device', value: string, only: boolean) => {
    const base = query ?? parseLogQuery('');
    onQuery(formatLogQuery(toggleLogQueryTerm(base, field, value, { only })));
  };
  return (
    <FacetList
      kinds={kindValues(facets, query)}
      devices={deviceValues(devices, colors, facets, query)}
      note={facets.textApplied ? undefined : TEXT_LEFT_OUT}
      onToggle={toggle}
    />
  );
}
