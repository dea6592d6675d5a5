import { connectStatus } from '@zos/ble';
import { PROTOCOL_VERSION } from '../../core/protocol.js';
import type { WatchApp } from '../../core/watch-app.js';
import type { GlobalData } from '../app.js';

export function globalData(): GlobalData {
  return getApp()._options.globalData as GlobalData;
}

export function watchApp(): WatchApp {
  const watch = globalData().watch;
  if (!watch) throw new Error('the app did not start (no WatchApp in globalData)');
  return watch;
}

/**
 * Requests from the page to the side service, with a deadline shorter than zml's 60 s. With
 * Bluetooth down it answers at once without zml, whose handshake would reject unobserved.
 */
export function wireRequests(
  watch: WatchApp,
  page: { request(data: unknown, options?: { timeout?: number }): Promise<unknown> },
): void {
  watch.ports.request = (method, params) =>
    connectStatus()
      ? page.request({ method, params }, { timeout: 20_000 })
      : Promise.reject({
          v: PROTOCOL_VERSION,
          code: 'offline',
          message:
            'The phone is not reachable (Bluetooth is off or out of range); answers stay on the watch.',
        });
}

export const HOME_PAGE = 'page/home/index.page';
