// What the pinger needs of @tagtime/client, loaded after the first screen (a dynamic import of
// this module): the ping screen reads IndexedDB only, so the sync client and the validation it
// brings are no part of the scripts a load waits for.
export { openWithFetch, SyncClient } from '@tagtime/client';
