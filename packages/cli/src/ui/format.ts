import pc from 'picocolors';

/** The zone dates are shown in: `$TZ`, else the system's. */
export function localZone(): string {
  return process.env.TZ || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * `2026-11-25 14:07:12` in the zone of this process (`$TZ`, else the system's, as `localZone`
 * names it). Read off `Date`, not an `Intl.DateTimeFormat`: making the first of those costs a
 * short command such as `tagtime answer` tens of milliseconds (ICU's locale data).
 */
export function formatPingTime(ping: number): string {
  const at = new Date(ping * 1000);
  const day = `${pad(at.getFullYear(), 4)}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  return `${day} ${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
}

/** `1:02:03` or `2:03` for a count of seconds. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

const DEVICE_COLORS = [pc.cyan, pc.magenta, pc.yellow, pc.green, pc.blue, pc.red];

/** A stable colour per device id, so each device's lines look alike in every listing. */
export function deviceColor(device: string): (text: string) => string {
  let hash = 0;
  for (let i = 0; i < device.length; i++) hash = (hash * 31 + device.charCodeAt(i)) >>> 0;
  return DEVICE_COLORS[hash % DEVICE_COLORS.length] as (text: string) => string;
}

/** Pads `text` to `width` columns (by code points). */
export function padEnd(text: string, width: number): string {
  const length = [...text].length;
  return length >= width ? text : text + ' '.repeat(width - length);
}
