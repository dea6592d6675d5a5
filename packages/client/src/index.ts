export {
  type DeviceInfo,
  type FetchLike,
  type RecordsPage,
  SyncApi,
} from './api.js';
export type { BackoffOptions } from './backoff.js';
export {
  BULK_PAGE_SIZE,
  type Follower,
  type FollowOptions,
  type PullOptions,
  type PullProgress,
  type PullResult,
  type PushResult,
  type ServerLink,
  SyncClient,
  type SyncClientOptions,
} from './client.js';
export { OfflineError, SyncError } from './errors.js';
export type { EventSourceLike, FollowState, OpenEventSource } from './follow.js';
export { MemoryStore } from './memory-store.js';
export { openWithFetch } from './open-with-fetch.js';
export type { ClientStore } from './store.js';
