/** `HH:MM` of unix second `t` in a zone `offsetMinutes` east of UTC. */
export function clockTime(t: number, offsetMinutes: number): string {
  const minutes = Math.floor((t + offsetMinutes * 60) / 60);
  const m = ((minutes % 1440) + 1440) % 1440;
  const h = Math.floor(m / 60);
  const mm = m % 60;
  return `${h < 10 ? '0' : ''}${h}:${mm < 10 ? '0' : ''}${mm}`;
}

/** "in 23 min", "in 2 h 05 min", "now". */
export function countdown(seconds: number): string {
  if (seconds <= 30) return 'now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `in ${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `in ${h} h ${m < 10 ? '0' : ''}${m} min`;
}

/** "5 min ago", "3 h ago", "2 d ago", "never". */
export function ago(ms: number | null, nowMs: number): string {
  if (ms === null) return 'never';
  const minutes = Math.max(0, Math.round((nowMs - ms) / 60000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h ago`;
  return `${Math.round(minutes / 1440)} d ago`;
}
