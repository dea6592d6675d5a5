import { describeStoreContract } from '@tagtime/client/testing';
import { IdbStore } from '../src/idb-store.js';

let n = 0;

/**
 * The client's store contract on IdbStore over whatever `indexedDB` the run has: each store a
 * database of its own, closed and deleted after its test.
 */
export function describeIdbContract(where: string, keptViewRuns: number): void {
  describeStoreContract(
    `IdbStore (${where})`,
    async () => {
      const name = `contract-${Date.now()}-${++n}`;
      const opened: IdbStore[] = [await IdbStore.open(name)];
      return {
        store: opened[0] as IdbStore,
        reopen: async () => {
          const again = await IdbStore.open(name);
          opened.push(again);
          return again;
        },
        close: async () => {
          for (const store of opened) store.close();
          indexedDB.deleteDatabase(name);
        },
      };
    },
    { keptViewRuns },
  );
}
