import { SyncError } from '@tagtime/client';
import type { Context, StoreContext } from './context.js';

/** Setting: the names of the user's devices by id (JSON), as the server last listed them. */
const DEVICE_NAMES = 'deviceNames';

/**
 * Asks the server for the names of the user's devices and keeps them, so `log` can show them
 * offline. A server without the devices list (older than this CLI) just leaves ids showing.
 */
export async function refreshDeviceNames(ctx: Context): Promise<void> {
  let devices: Awaited<ReturnType<Context['client']['devices']>>;
  try {
    devices = await ctx.client.devices();
  } catch (error) {
    if (error instanceof SyncError && error.status === 404) return;
    throw error;
  }
  const names = Object.fromEntries(devices.map((d) => [d.id, d.name]));
  await ctx.store.setSetting(DEVICE_NAMES, JSON.stringify(names));
}

/**
 * How listings name a device: its name (this machine's from pairing), the id when no name is
 * known, and `name (id)` when two devices share a name.
 */
export async function deviceLabels(ctx: StoreContext): Promise<(device: string) => string> {
  const stored = await ctx.store.getSetting(DEVICE_NAMES);
  const names: Record<string, string> = stored ? JSON.parse(stored) : {};
  if (ctx.settings.device && ctx.settings.name) names[ctx.settings.device] = ctx.settings.name;
  const uses = new Map<string, number>();
  for (const name of Object.values(names)) uses.set(name, (uses.get(name) ?? 0) + 1);
  return (device) => {
    const name = Object.hasOwn(names, device) ? names[device] : undefined;
    if (name === undefined) return device;
    return (uses.get(name) ?? 0) > 1 ? `${name} (${device})` : name;
  };
}
