import type { IdbStore } from '@tagtime/web-store';
import { browserDeviceName } from './device-name';
import { withLock } from './lock';
import { DEVICE } from './snapshot';

/** This browser's pairing, as kept in its store. */
export interface KeptDevice {
  deviceId: string;
  token: string;
  server: string;
}

/** Pairs this browser (the console's server action); an error message when it cannot. */
export type PairBrowser = (name: string) => Promise<KeptDevice | { error: string }>;

async function ask(pair: PairBrowser): Promise<KeptDevice | { error: string }> {
  try {
    return await pair(browserDeviceName(navigator.userAgent));
  } catch {
    return { error: 'This browser could not pair while offline; it will try again online.' };
  }
}

/**
 * Pairs this browser unless it is paired, under a Web Lock and looking for a pairing again
 * inside it: two tabs opening at once (or a page opened again mid-pairing) make one device.
 */
export async function pairOnce(
  store: IdbStore,
  pair: PairBrowser,
): Promise<KeptDevice | { error: string }> {
  let outcome: KeptDevice | { error: string } = { error: 'not paired' };
  await withLock('tagtime-pinger-pair', async () => {
    const kept = await store.getSetting<KeptDevice>(DEVICE);
    outcome = kept ?? (await ask(pair));
    if (kept || 'error' in outcome) return;
    // Answers given before pairing become this device's (none of them was sent yet).
    await store.relabelOwn(outcome.deviceId);
    await store.putSetting(DEVICE, outcome);
  });
  return outcome;
}

/**
 * Pairs this browser as a new device after its device was revoked: what the old device sent
 * stays its log; the answers it could not send become the new device's (`startNewDevice`).
 */
export async function pairAsNewDevice(
  store: IdbStore,
  pair: PairBrowser,
): Promise<KeptDevice | { error: string }> {
  const answer = await ask(pair);
  if ('error' in answer) return answer;
  await store.startNewDevice(answer.deviceId);
  await store.putSetting(DEVICE, answer);
  return answer;
}
