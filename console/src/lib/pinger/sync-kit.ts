// What the pinger needs after the first screen, loaded by a dynamic import of this module: the
// ping screen reads IndexedDB only, so the sync client with the validation it brings, and the
// pairing a browser does once, are no part of the scripts a load waits for.
export { openWithFetch, SyncClient } from '@tagtime/client';
export { pairAsNewDevice, pairOnce } from './pairing';
