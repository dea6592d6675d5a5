// The browser's IndexedDB store runs the take-view half of the store contract
// (@tagtime/client/testing) in fake-indexeddb.
import 'fake-indexeddb/auto';
import { describeTakeViewContract } from '@tagtime/client/testing';
import { IdbStore } from '../src/idb-store.js';

let n = 0;

describeTakeViewContract('IdbStore', {
  place: () => `take-${++n}`,
  open: (name) => IdbStore.open(name),
  close: (store) => store.close(),
  answerTags: async (store, ping) => (await store.answers(ping, ping + 1))[0]?.tags,
});
