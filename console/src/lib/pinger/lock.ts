/**
 * Runs `task` under the Web Lock `name`, so two tabs of the pinger take turns: appends stamp
 * their times one after another (the store refuses a time that does not grow in any case), and
 * pairing makes one device. Without Web Locks, the task runs as it is.
 */
export async function withLock(name: string, task: () => Promise<void>): Promise<void> {
  // `navigator` of a page or of the service worker (which answers from notifications).
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (locks) await locks.request(name, task);
  else await task();
}
