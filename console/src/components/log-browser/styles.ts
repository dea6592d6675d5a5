/** Colours and row styles shared by the log browser and the staff charts. */

export const KIND_COLORS: Record<string, string> = {
  ping: '#2563eb',
  event: '#94a3b8',
  error: '#dc2626',
  tag: '#16a34a',
  config: '#9333ea',
  command: '#d97706',
};

export const KIND_ORDER = ['ping', 'tag', 'config', 'command', 'event', 'error'] as const;

/** Kind badges: data kinds in colour, events quiet, errors loud. */
export const KIND_BADGE: Record<string, string> = {
  ping: 'bg-blue-100 text-blue-800',
  tag: 'bg-green-100 text-green-800',
  config: 'bg-purple-100 text-purple-800',
  command: 'bg-amber-100 text-amber-800',
  event: 'bg-slate-100 text-slate-600',
  error: 'bg-red-600 text-white',
};

/** Whole-row looks: an error row stands out, an event row steps back, data rows are plain. */
export function rowTone(kind: string): string {
  if (kind === 'error') return 'bg-red-50 text-red-950 border-l-4 border-l-red-500';
  if (kind === 'event') return 'text-slate-500 border-l-4 border-l-transparent';
  return 'text-slate-900 border-l-4 border-l-transparent';
}

const DEVICE_PALETTE = [
  '#0891b2',
  '#c026d3',
  '#65a30d',
  '#ea580c',
  '#4f46e5',
  '#0d9488',
  '#be123c',
  '#a16207',
];

/** One colour per device, stable for a user: by the device's place among their sorted ids. */
export function deviceColors(deviceIds: readonly string[]): Record<string, string> {
  const colors: Record<string, string> = {};
  [...deviceIds].sort().forEach((id, i) => {
    colors[id] = DEVICE_PALETTE[i % DEVICE_PALETTE.length] as string;
  });
  return colors;
}
