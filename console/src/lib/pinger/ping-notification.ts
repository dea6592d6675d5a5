/**
 * A ping's notification, the same whether the open page rings it (ring.ts) or the service
 * worker shows it for a Web Push (sw/pinger-sw.ts): one tag per ping, so a repeat replaces it
 * and an answer anywhere closes it, and the ping in its data.
 */

export const PING_TAG_PREFIX = 'tagtime-ping-';
export const PING_TITLE = 'TagTime ping';
/** An action's name is this prefix and the tag it answers with. */
export const TAG_ACTION_PREFIX = 'tag:';

export const tagOf = (ping: number) => `${PING_TAG_PREFIX}${ping}`;

/** A notification's button (TypeScript's DOM types no longer list `actions`). */
export interface PingAction {
  action: string;
  title: string;
}

/** What a ping's notification carries in `data`. */
export interface PingNotificationData {
  ping: number;
  /** The tags offered as actions (absent when rung by the open page). */
  tags?: string[];
}

/** `HH:MM` of a ping in the browser's zone. */
export const clockTime = (ping: number) =>
  new Date(ping * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** The notification of `ping`: the question as text, the ping in its data. */
export function pingNotification(ping: number): { title: string; options: NotificationOptions } {
  const data: PingNotificationData = { ping };
  return {
    title: PING_TITLE,
    options: {
      tag: tagOf(ping),
      body: `Ping at ${clockTime(ping)}: what are you doing right now?`,
      requireInteraction: true,
      data,
    },
  };
}

/**
 * The notification of a pushed ping: as the page's, with up to `maxActions` of the person's top
 * tags as actions that answer the ping from the notification.
 */
export function pingNotificationWithTags(
  ping: number,
  tags: readonly string[],
  maxActions: number,
): { title: string; options: NotificationOptions & { actions?: PingAction[] } } {
  const { title, options } = pingNotification(ping);
  const offered = tags.slice(0, Math.max(0, maxActions));
  if (offered.length === 0) return { title, options };
  const data: PingNotificationData = { ping, tags: offered };
  const actions = offered.map((tag) => ({ action: `${TAG_ACTION_PREFIX}${tag}`, title: tag }));
  return { title, options: { ...options, data, actions } };
}

/** How many actions this browser shows on a notification (none where it has no actions). */
export function maxNotificationActions(): number {
  if (typeof Notification === 'undefined') return 0;
  const max = (Notification as unknown as { maxActions?: number }).maxActions;
  return typeof max === 'number' && max > 0 ? max : 0;
}

/** The tag an action answers with, if the action is one of the notification's tags. */
export function tagOfAction(action: string, data: unknown): string | undefined {
  if (!action.startsWith(TAG_ACTION_PREFIX)) return undefined;
  const tag = action.slice(TAG_ACTION_PREFIX.length);
  const offered = (data as Partial<PingNotificationData> | null)?.tags;
  return Array.isArray(offered) && offered.includes(tag) ? tag : undefined;
}
