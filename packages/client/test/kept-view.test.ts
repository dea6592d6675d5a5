import { foldLog, type LogRecord, type LogViewState } from '@tagtime/log';
import { describe, expect, it } from 'vitest';
import { SyncClient } from '../src/client.js';
import { MemoryStore } from '../src/memory-store.js';
import { checkKeptView } from '../src/testing/kept-view.js';

/** A mutant: its view never hears of replicated records (an own-only store beside it keeps it). */
class ReplicaBlindStore extends MemoryStore {
  #ownOnly = new MemoryStore();

  override async appendOwn(records: readonly LogRecord[]): Promise<void> {
    await super.appendOwn(records);
    await this.#ownOnly.appendOwn(records);
  }

  override async relabelOwn(device: string): Promise<number> {
    await this.#ownOnly.relabelOwn(device);
    return super.relabelOwn(device);
  }

  override async viewState(): Promise<LogViewState> {
    return this.#ownOnly.viewState();
  }
}

/** A mutant: a relabel renames the records but leaves the view under the old device id. */
class RelabelBlindStore extends MemoryStore {
  #view: LogViewState | undefined;

  override async relabelOwn(device: string): Promise<number> {
    this.#view = await super.viewState();
    return super.relabelOwn(device);
  }

  override async viewState(): Promise<LogViewState> {
    const state = await super.viewState();
    return this.#view && state.size === this.#view.size ? this.#view : state;
  }
}

describe('"kept equals fresh" catches a store whose view drifts from its records', () => {
  it('fails on a store that does not fold what putReplica stores', async () => {
    await expect(checkKeptView(async () => ({ store: new ReplicaBlindStore() }))).rejects.toThrow(
      /Property failed/,
    );
  });

  it('fails on a store that keeps the old device id after relabelOwn', async () => {
    await expect(checkKeptView(async () => ({ store: new RelabelBlindStore() }))).rejects.toThrow(
      /Property failed/,
    );
  });
});

describe('SyncClient.view()', () => {
  const error = (device: string, t: number): LogRecord => ({
    device,
    t,
    kind: 'error',
    body: { message: 'm' },
  });
  // 23:30 UTC on 2023-11-14 is already the 15th in Berlin.
  const late = Date.UTC(2023, 10, 14, 23, 30);

  it('reads the kept state instead of folding the records', async () => {
    const store = new MemoryStore();
    await store.appendOwn([error('d', late)]);
    const kept = foldLog([error('d', late), error('d', late + 1)]).state();
    store.viewState = async () => kept;
    const client = new SyncClient({ device: 'd', store });
    expect((await client.view()).size).toBe(2);
  });

  it('folds the records for a view in another zone than the kept one (UTC)', async () => {
    const store = new MemoryStore();
    await store.putReplica([error('w', late)], { w: late });
    const client = new SyncClient({ device: 'd', store });
    expect((await client.view()).diagnostics()[0]?.day).toBe('2023-11-14');
    expect((await client.view({ timeZone: 'Europe/Berlin' })).diagnostics()[0]?.day).toBe(
      '2023-11-15',
    );
  });
});
