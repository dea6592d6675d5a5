import type { StoreContext } from './context.js';

// Read by `log` with no client loaded; `syncWithNames` (commands/sync.ts) writes them.

/** Setting: the names of the user's devices by id (JSON), as the server last listed them. */
const DEVICE_NAMES = 'deviceNames';

/** Keeps the names of the user's devices by id, as the server listed them. */
export async function saveDeviceNames(
  ctx: StoreContext,
  devices: readonly { id: string; name: string }[],
): Promise<void> {
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
