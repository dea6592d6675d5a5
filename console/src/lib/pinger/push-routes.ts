/**
 * The log server's push routes (`/v1/push/…`), called with this browser's device token straight
 * to the server, as the pinger syncs: by the page ("Ring me when closed") and by the service
 * worker (a subscription the browser renewed).
 */
import type { KeptDevice } from './pairing';

/** The log server could not be reached. */
export class Offline extends Error {}

/** A call to the log server's push routes with this browser's device token. */
export async function pushCall(device: KeptDevice, method: string, path: string, body?: unknown) {
  let response: Response;
  try {
    response = await fetch(new URL(path, device.server), {
      method,
      headers: {
        authorization: `Bearer ${device.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new Offline();
  }
  const json = (await response.json().catch(() => undefined)) as
    | Record<string, unknown>
    | undefined;
  return { status: response.status, json };
}

export const errorOf = (json: Record<string, unknown> | undefined) =>
  (json?.error ?? {}) as { code?: string; message?: string };

export function refused(status: number, json: Record<string, unknown> | undefined): Error {
  return new Error(
    `the log server answered ${status}${errorOf(json).message ? `: ${errorOf(json).message}` : ''}`,
  );
}

/** Registers `subscription` (its `toJSON()`) as the device's; throws what the server refused. */
export async function registerSubscription(device: KeptDevice, subscription: unknown) {
  const { status, json } = await pushCall(device, 'PUT', '/v1/push/subscription', subscription);
  if (status !== 200) throw refused(status, json);
}
