export { asStoreError, WebStoreError, type WebStoreProblem } from './errors.js';
export { IdbStore } from './idb-store.js';
