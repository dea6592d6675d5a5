import { MemoryStore } from '../src/memory-store.js';
import { describeStoreContract } from '../src/testing/store-contract.js';

describeStoreContract('MemoryStore', async () => ({ store: new MemoryStore() }));
