import { type FetchLike, SyncApi, SyncClient } from '@tagtime/client';
import type { LogRecord } from '@tagtime/log';
import { decodeCompactLog } from '@tagtime/log/compact';
import { fromBase64 } from '../core/base64.js';
import { normaliseConfig, parseClock, type WatchConfig } from '../core/config.js';
import {
  type ProtocolError,
  type PullAnswer,
  type PullParams,
  type PushAnswer,
  type PushParams,
  protocolError,
  REFUSALS_VERSION,
  readRequest,
} from '../core/protocol.js';
import { relayPage } from './relay.js';
import { notePresets } from './settings-input.js';
import { SideStore, type StringStorage } from './side-store.js';
import { pairingProblem, syncProblem } from './wording.js';

/** Keys the settings app and the side service share in `settingsStorage`. */
export const SETTINGS = {
  server: 'server',
  code: 'pairingCode',
  token: 'token',
  device: 'device',
  deviceName: 'deviceName',
  quietStart: 'quietStart',
  quietEnd: 'quietEnd',
  autoAfter: 'autoAfterMinutes',
  notes: 'notes',
  /** Set by the settings app's Unpair button; the side service unpairs and clears it. */
  unpair: 'unpair',
  /** JSON `{ lastSync, unsynced, lastError, pairing }`, written by the side for the settings app. */
  status: 'status',
} as const;

export const DEFAULT_SERVER = 'http://127.0.0.1:8787';
export const WATCH_DEVICE_NAME = 'Zepp watch';

export interface SideStatus {
  lastSync: number | null;
  unsynced: number | null;
  lastError: string | null;
  pairing: string | null;
}

/**
 * The phone side of TagTime: pairing, and the relay between the watch's log and the server. Holds
 * no timers: it acts when the watch asks or the settings change.
 */
export class SideService {
  readonly settings: StringStorage;
  readonly store: SideStore;
  readonly #fetch: FetchLike;
  readonly #now: () => number;

  constructor(options: { settings: StringStorage; fetch: FetchLike; now?: () => number }) {
    this.settings = options.settings;
    this.#fetch = options.fetch;
    this.#now = options.now ?? Date.now;
    this.store = new SideStore(options.settings, { now: this.#now });
  }

  get server(): string {
    return (this.settings.getItem(SETTINGS.server) || DEFAULT_SERVER).trim();
  }

  status(): SideStatus {
    try {
      const value = JSON.parse(this.settings.getItem(SETTINGS.status) || '{}') as SideStatus;
      return {
        lastSync: value.lastSync ?? null,
        unsynced: value.unsynced ?? null,
        lastError: value.lastError ?? null,
        pairing: value.pairing ?? null,
      };
    } catch {
      return { lastSync: null, unsynced: null, lastError: null, pairing: null };
    }
  }

  #setStatus(change: Partial<SideStatus>): void {
    this.settings.setItem(SETTINGS.status, JSON.stringify({ ...this.status(), ...change }));
  }

  /** Exchanges the pairing code in the settings for a device token (POST /v1/pair). */
  async pair(): Promise<void> {
    const code = (this.settings.getItem(SETTINGS.code) ?? '').trim();
    if (!code) return;
    this.settings.removeItem(SETTINGS.code);
    try {
      const answer = await new SyncApi(this.server, undefined, this.#fetch).pair(
        code,
        WATCH_DEVICE_NAME,
        'watch',
      );
      this.store.reset();
      this.settings.setItem(SETTINGS.token, answer.token);
      this.settings.setItem(SETTINGS.device, answer.device);
      this.settings.setItem(SETTINGS.deviceName, WATCH_DEVICE_NAME);
      this.#setStatus({ pairing: null, lastError: null });
    } catch (error) {
      this.#setStatus({ pairing: `Pairing failed: ${pairingProblem(error, this.server)}` });
    }
  }

  /** Forgets the token and the phone's copy of the logs; the watch keeps its records. */
  unpair(): void {
    this.settings.removeItem(SETTINGS.token);
    this.settings.removeItem(SETTINGS.device);
    this.settings.removeItem(SETTINGS.deviceName);
    this.store.reset();
    this.#setStatus({ lastSync: null, lastError: null, pairing: null });
  }

  /** Reacts to the settings app: a new code pairs; an emptied token unpairs. */
  async onSettingsChange(key: string): Promise<void> {
    if (key === SETTINGS.code) await this.pair();
    if (key === SETTINGS.unpair && this.settings.getItem(SETTINGS.unpair)) {
      this.settings.removeItem(SETTINGS.unpair);
      this.unpair();
    }
  }

  #client(): SyncClient | ProtocolError {
    const token = this.settings.getItem(SETTINGS.token);
    const device = this.settings.getItem(SETTINGS.device);
    if (!token || !device) {
      return protocolError(
        'not_paired',
        'Not paired: in the Zepp app open TagTime settings and enter a pairing code from the console.',
      );
    }
    return new SyncClient({
      device,
      store: this.store,
      server: { url: this.server, token },
      fetch: this.#fetch,
    });
  }

  /** The server calls of the paired token (only after `#client()` found one). */
  #api(): SyncApi {
    return new SyncApi(this.server, this.settings.getItem(SETTINGS.token) ?? '', this.#fetch);
  }

  /** Answers one request from the watch; rejects with a `ProtocolError`. */
  async handle(input: unknown): Promise<PushAnswer | PullAnswer> {
    const request = readRequest(input);
    if ('code' in request) throw request;
    const client = this.#client();
    if ('code' in client) throw client;
    try {
      return request.method === 'push'
        ? await this.#push(client, request.params)
        : await this.#pull(client, request.params);
    } catch (error) {
      const problem = syncProblem(error, this.server);
      this.#setStatus({ lastError: problem.message });
      throw { ...problem, v: request.params.v };
    }
  }

  /**
   * An earlier version kept the watch's records here before the server took them, and one it
   * refused blocked every later one: such leftovers are sent once more and, when refused, dropped
   * (the watch still has them and sends them again, to be handed back one by one).
   */
  async #settleLeftovers(client: SyncClient): Promise<void> {
    if ((await this.store.unackedCount()) === 0) return;
    try {
      await client.push();
    } catch (error) {
      if (syncProblem(error, this.server).code !== 'rejected') throw error;
      this.store.dropUnacked();
    }
  }

  async #push(client: SyncClient, params: PushParams): Promise<PushAnswer> {
    let records: LogRecord[];
    try {
      const decoded = decodeCompactLog(fromBase64(params.page));
      if (decoded.torn) throw new Error('the page ends in a torn frame');
      records = decoded.records;
    } catch (error) {
      throw protocolError('bad_request', `unreadable page: ${(error as Error).message}`);
    }
    await this.#settleLeftovers(client);
    const stamped = records.map((record) => ({ ...record, device: client.device }) as LogRecord);
    const now = this.#now();
    const relayed = await relayPage(this.store, this.#api(), stamped, now);
    this.#setStatus({ unsynced: await this.store.unackedCount(), lastError: null });
    const answer = {
      v: params.v,
      acked: relayed.acked,
      accepted: relayed.accepted,
      duplicates: relayed.duplicates,
    };
    if (params.v >= REFUSALS_VERSION) return { ...answer, refused: relayed.refused, now };
    // A watch of protocol 1 cannot set records aside: it hears of them as before, but the phone
    // no longer keeps them, so its other records still get through.
    const first = relayed.refused[0];
    if (first) {
      throw protocolError(
        'rejected',
        `The server refused ${relayed.refused.length} record(s): ${first.reason}`,
      );
    }
    return answer;
  }

  async #pull(client: SyncClient, params: PullParams): Promise<PullAnswer> {
    await this.#settleLeftovers(client);
    await client.pull();
    // The store's kept summary and tag scores: a sync never reads the whole history.
    const asOf = Math.floor(this.#now() / 1000);
    this.#setStatus({ lastSync: this.#now(), unsynced: params.unsynced, lastError: null });
    return {
      v: params.v,
      snapshot: this.store.tagSnapshot(asOf),
      config: this.watchConfig(this.store.schedule().kind),
      device: this.settings.getItem(SETTINGS.deviceName) || WATCH_DEVICE_NAME,
      ...(params.v >= REFUSALS_VERSION ? { now: this.#now() } : {}),
    };
  }

  /** The watch's settings: quiet hours and notes from the settings app, the user's schedule. */
  watchConfig(schedule: WatchConfig['schedule']): WatchConfig {
    const start = parseClock(this.settings.getItem(SETTINGS.quietStart) ?? '');
    const end = parseClock(this.settings.getItem(SETTINGS.quietEnd) ?? '');
    return normaliseConfig({
      schedule,
      quiet: start !== undefined && end !== undefined ? { start, end } : null,
      autoAfterMinutes: Number(this.settings.getItem(SETTINGS.autoAfter) || 360),
      notes: notePresets(this.settings.getItem(SETTINGS.notes)),
    });
  }
}
