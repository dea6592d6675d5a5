import type { Follower, SyncClient } from '@tagtime/client';
import { IdbStore } from '@tagtime/web-store';
import { appendAnswer } from './answers';
import type { KeptDevice, PairBrowser } from './pairing';
import { describeProblem, offlineProblem, type SyncProblem } from './problems';
import {
  DEVICE,
  DEVICE_NAMES,
  LAST_ASKED,
  LAST_SYNC,
  type PingerSnapshot,
  readSnapshot,
} from './snapshot';
import { ANSWERED_MESSAGE } from './worker-messages';

export type { KeptDevice, PairBrowser } from './pairing';

export type Connection = 'connecting' | 'online' | 'offline' | 'stopped' | 'unpaired';

export interface PingerState extends PingerSnapshot {
  deviceId: string | undefined;
  connection: Connection;
  problem: SyncProblem | undefined;
  /** Why pairing failed (device limit, offline at first start), if it did. */
  pairing: string | undefined;
}

/** The IndexedDB database of `userId`'s pinger in this browser. */
export const storeNameOf = (userId: string) => `tagtime-pinger:${userId}`;

/** The own log's device id before pairing: relabelled once the browser is paired. */
const UNPAIRED = 'unpaired';

/** The sync client and pairing, loaded once, after the first screen (see sync-kit.ts). */
let syncKit: Promise<typeof import('./sync-kit')> | undefined;
const loadSyncKit = () => {
  syncKit ??= import('./sync-kit');
  return syncKit;
};

/**
 * The web pinger of one person in one browser: its IndexedDB store, its pairing as a `web`
 * device, and its sync with the log server — direct, by @tagtime/client, following the stream
 * while online (push and pull on each (re)connect, backoff in between, and at once when the
 * browser says it is online again).
 */
export class Pinger {
  #follower: Follower | undefined;
  #client: SyncClient | undefined;
  /** The connection whose sync last fetched the devices' names. */
  #namedBy: SyncClient | undefined;
  #device: KeptDevice | undefined;
  #connection: Connection = 'unpaired';
  #problem: SyncProblem | undefined;
  #pairing: string | undefined;
  #stopped = false;
  /** Counts followers started and stopped, so a stopped one's late news is ignored. */
  #generation = 0;
  readonly #onOnline = () => this.#follow();
  /** The browser knows it lost the network: say so now, not when a socket times out. */
  readonly #onOffline = () => {
    if (!this.#device || this.#connection === 'stopped') return;
    this.#generation++;
    this.#follower?.stop();
    this.#follower = undefined;
    this.#connection = 'offline';
    this.#problem = offlineProblem();
    void this.refresh();
  };
  /** The service worker stored an answer from a notification: show it and send it. */
  readonly #onWorkerMessage = (event: MessageEvent) => {
    if (event.data?.type !== ANSWERED_MESSAGE) return;
    void this.refresh();
    void this.#push();
  };

  private constructor(
    readonly store: IdbStore,
    readonly onChange: (state: PingerState) => void,
    readonly now: () => number,
  ) {}

  /**
   * Opens the store and shows what it holds: resolves once the screen can be answered, from
   * IndexedDB alone. Pairing (a first visit) and syncing start after that, on the network.
   */
  static async open(
    userId: string,
    pair: PairBrowser,
    onChange: (state: PingerState) => void,
  ): Promise<Pinger> {
    const store = await IdbStore.open(storeNameOf(userId));
    performance.mark('pinger:store-open');
    const pinger = new Pinger(store, onChange, () => Date.now());
    const [asked, device] = await Promise.all([
      store.getSetting(LAST_ASKED),
      store.getSetting<KeptDevice>(DEVICE),
    ]);
    if (asked === undefined) await store.putSetting(LAST_ASKED, Math.floor(pinger.now() / 1000));
    pinger.#device = device;
    await pinger.refresh();
    void pinger.#start(pair);
    return pinger;
  }

  async #start(pair: PairBrowser): Promise<void> {
    // Loaded now, so the first answer does not wait for it.
    loadSyncKit().catch((error: unknown) => this.#report(error));
    if (!this.#device) await this.#pair(pair);
    if (this.#stopped) return;
    window.addEventListener('online', this.#onOnline);
    window.addEventListener('offline', this.#onOffline);
    navigator.serviceWorker?.addEventListener('message', this.#onWorkerMessage);
    this.#follow();
    await this.refresh();
  }

  async #pair(pair: PairBrowser): Promise<void> {
    const { pairOnce } = await loadSyncKit();
    const outcome = await pairOnce(this.store, pair);
    if ('error' in outcome) {
      this.#pairing = outcome.error;
    } else {
      this.#device = outcome;
      this.#pairing = undefined;
    }
  }

  /** Pairs again after a failed first try (offline, device limit); then starts syncing. */
  async retryPairing(pair: PairBrowser): Promise<void> {
    if (this.#device) return;
    await this.#pair(pair);
    this.#follow();
    await this.refresh();
  }

  /** This browser's pairing (its token for the log server), once paired. */
  get device(): KeptDevice | undefined {
    return this.#device;
  }

  get deviceId(): string {
    return this.#device?.deviceId ?? UNPAIRED;
  }

  /**
   * Pairs this browser as a new device after its device was revoked: what the old device sent
   * stays its log; the answers it could not send become the new device's and are sent now.
   */
  async pairAgain(pair: PairBrowser): Promise<void> {
    if (this.#problem?.kind !== 'revoked') return;
    const { pairAsNewDevice } = await loadSyncKit();
    const outcome = await pairAsNewDevice(this.store, pair);
    if ('error' in outcome) {
      this.#pairing = outcome.error;
    } else {
      this.#device = outcome;
      this.#pairing = undefined;
      this.#problem = undefined;
      this.#follow();
    }
    await this.refresh();
  }

  /** A client for one use: its clock re-reads the own log, which another tab may have grown. */
  async #newClient(): Promise<SyncClient> {
    const { openWithFetch, SyncClient } = await loadSyncKit();
    const device = this.#device;
    return new SyncClient({
      device: this.deviceId,
      store: this.store,
      now: this.now,
      openEventSource: openWithFetch(),
      ...(device ? { server: { url: device.server, token: device.token } } : {}),
    });
  }

  #follow(): void {
    if (!this.#device || this.#stopped) return;
    this.#follower?.stop();
    this.#follower = undefined;
    if (!navigator.onLine) {
      this.#onOffline();
      return;
    }
    const generation = ++this.#generation;
    this.#newClient().then(
      (client) => {
        if (generation === this.#generation && !this.#stopped) this.#followWith(client, generation);
      },
      (error: unknown) => this.#report(error),
    );
  }

  #followWith(client: SyncClient, generation: number): void {
    this.#client = client;
    this.#follower = client.follow({
      onState: (state) => {
        if (generation !== this.#generation) return; // stopped since (offline, revoked)
        this.#connection = state;
        if (state === 'offline') this.#problem ??= offlineProblem();
        void this.refresh();
      },
      onSynced: () => {
        this.#problem = undefined;
        void this.#afterSync();
      },
      onError: (error) => this.#report(error),
    });
  }

  async #afterSync(): Promise<void> {
    await this.store.putSetting(LAST_SYNC, this.now());
    const client = this.#client;
    // Names are fetched once per connection (a device renamed on Devices shows by the next
    // one) and again when a device this browser has no name for sent records.
    const [names, cursor] = await Promise.all([
      this.store.getSetting<Record<string, string>>(DEVICE_NAMES),
      this.store.cursor(),
    ]);
    const unnamed = !names || Object.keys(cursor).some((device) => !(device in names));
    if (client && (unnamed || this.#namedBy !== client)) {
      this.#namedBy = client;
      await this.#fetchNames(client);
    }
    await this.refresh();
  }

  async #fetchNames(client: SyncClient): Promise<void> {
    try {
      const names = Object.fromEntries((await client.devices()).map((d) => [d.id, d.name]));
      await this.store.putSetting(DEVICE_NAMES, names);
    } catch (error) {
      this.#report(error);
    }
  }

  #report(error: unknown): void {
    const problem = describeProblem(error);
    if (problem.kind === 'refused') console.error('[pinger] sync failed', error);
    this.#problem = problem;
    if (problem.kind === 'revoked') {
      this.#follower?.stop();
      this.#connection = 'stopped';
    }
    void this.refresh();
  }

  /**
   * Answers `pings` with `tags` (and a note): a person's answer, or with `auto` the device's own
   * `afk off RETRO` for pings nobody answered. Stored before this resolves; sent right after.
   */
  async answer(pings: readonly number[], tags: readonly string[], note?: string): Promise<void> {
    await appendAnswer(this.store, await this.#newClient(), pings, tags, note);
    await this.refresh();
    void this.#push();
  }

  async #push(): Promise<void> {
    const client = this.#client;
    if (!client || this.#connection === 'stopped') return;
    try {
      await client.push();
      this.#problem = undefined;
      await this.store.putSetting(LAST_SYNC, this.now());
    } catch (error) {
      this.#report(error);
    }
    await this.refresh();
  }

  /** Reads the state again and tells the page. */
  async refresh(): Promise<PingerState> {
    const state: PingerState = {
      ...(await readSnapshot(this.store, this.now())),
      deviceId: this.#device?.deviceId,
      connection: this.#device ? this.#connection : 'unpaired',
      problem: this.#problem,
      pairing: this.#pairing,
    };
    if (!this.#stopped) this.onChange(state);
    return state;
  }

  close(): void {
    this.#stopped = true;
    this.#follower?.stop();
    window.removeEventListener('online', this.#onOnline);
    window.removeEventListener('offline', this.#onOffline);
    navigator.serviceWorker?.removeEventListener('message', this.#onWorkerMessage);
    this.store.close();
  }
}
