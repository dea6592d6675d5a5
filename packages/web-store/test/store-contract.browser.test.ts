import { describeStoreContract } from '@tagtime/client/testing';
import { IdbStore } from '../src/idb-store.js';

let n = 0;

// The browser's own IndexedDB: Chromium's ordering of array keys, its transactions' commit and
// abort, and structured clone of the kept view's entries.
describeStoreContract(
  'IdbStore (Chromium IndexedDB)',
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
  { keptViewRuns: 30 },
);
