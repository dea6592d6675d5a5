/**
 * Appends of two tabs one after another (Web Locks), so each stamps its times after the
 * other's; the store refuses a time that does not grow in any case.
 */
export async function withAppendLock(task: () => Promise<void>): Promise<void> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  if (locks) await locks.request('tagtime-pinger-append', task);
  else await task();
}
