import 'fake-indexeddb/auto';
import { describeStoreContract } from '@tagtime/client/testing';
import { IdbStore } from '../src/idb-store.js';

let n = 0;

describeStoreContract(
  'IdbStore (fake-indexeddb)',
  async () => {
    const name = `contract-${++n}`;
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
  { keptViewRuns: 60 },
);
