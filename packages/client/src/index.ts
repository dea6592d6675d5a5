export {
  type DeviceInfo,
  type FetchLike,
  type PairAnswer,
  type PushAnswer,
  type RecordsPage,
  SyncApi,
} from './api.js';
export { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
export { type BatchLimits, splitIntoBatches } from './batches.js';
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
export {
  type EventSourceLike,
  type FollowState,
  HEAD_EVENT_TYPES,
  type HeadEvent,
  keepStreamOpen,
  type OpenEventSource,
  openWithFetch,
  parseHeadEvent,
} from './follow.js';
export { MemoryStore } from './memory-store.js';
export type { ClientStore } from './store.js';
