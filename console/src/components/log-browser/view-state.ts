import { DEVICE_ID_PATTERN } from '@tagtime/log';

/**
 * What the log browser shows, all of it in the URL so a link reproduces the view:
 * `q` the query, `range` a preset or `from`/`to` (unix ms), `sel` the open record
 * (`<device>:<t>`), `at` a time jumped to.
 */
export interface ViewState {
  q: string;
  range: RangePreset | 'custom';
  from: number | undefined;
  to: number | undefined;
  sel: { device: string; t: number } | undefined;
  at: number | undefined;
}

export const RANGE_PRESETS = {
  '1h': 60 * 60 * 1000,
  '24h': 24 * 60 * 60 * 1000,
  '7d': 7 * 24 * 60 * 60 * 1000,
  '30d': 30 * 24 * 60 * 60 * 1000,
  all: undefined,
} as const;

export type RangePreset = keyof typeof RANGE_PRESETS;

function int(text: string | null | undefined): number | undefined {
  if (text === null || text === undefined || !/^\d{1,16}$/.test(text)) return undefined;
  return Number(text);
}

export function parseViewState(params: URLSearchParams): ViewState {
  const from = int(params.get('from'));
  const to = int(params.get('to'));
  const preset = params.get('range');
  const range: ViewState['range'] =
    from !== undefined || to !== undefined
      ? 'custom'
      : preset && preset in RANGE_PRESETS
        ? (preset as RangePreset)
        : 'all';
  const [selDevice = '', selT = ''] = (params.get('sel') ?? '').split(/:(?=\d{1,16}$)/);
  const selMatch = DEVICE_ID_PATTERN.test(selDevice) && /^\d{1,16}$/.test(selT);
  return {
    q: (params.get('q') ?? '').slice(0, 500),
    range,
    from,
    to,
    sel: selMatch ? { device: selDevice, t: Number(selT) } : undefined,
    at: int(params.get('at')),
  };
}

export function viewSearch(view: ViewState): string {
  const params = new URLSearchParams();
  if (view.q) params.set('q', view.q);
  if (view.range === 'custom') {
    if (view.from !== undefined) params.set('from', String(view.from));
    if (view.to !== undefined) params.set('to', String(view.to));
  } else if (view.range !== 'all') {
    params.set('range', view.range);
  }
  if (view.at !== undefined) params.set('at', String(view.at));
  if (view.sel) params.set('sel', `${view.sel.device}:${view.sel.t}`);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** The time range to ask the log server for; a preset counts back from `now`. */
export function rangeOf(view: ViewState, now: number): { from?: number; to?: number } {
  if (view.range === 'custom') {
    return {
      ...(view.from !== undefined ? { from: view.from } : {}),
      ...(view.to !== undefined ? { to: view.to } : {}),
    };
  }
  const span = RANGE_PRESETS[view.range];
  return span === undefined ? {} : { from: Math.max(0, now - span) };
}

/** Whether new records can still arrive in range (nothing caps it on the newer side). */
export function isOpenEnded(view: ViewState): boolean {
  return view.range !== 'custom' || view.to === undefined;
}
