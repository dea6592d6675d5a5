import { type LogView, tagSnapshot } from '@tagtime/log';
import { PUSH_ANSWERED_SECONDS, PUSH_TAGS, type PushMessage } from '@tagtime/log/protocol';
import type { KeptView } from '../store/log-store.js';

/**
 * The most answered pings a message lists: a day of pings is some 32 on average, and the list
 * keeps the message far below the 4 KiB a push service must take (RFC 8030 §7.2).
 */
const MAX_ANSWERED = 96;

/** The user's top tags, ranked once per change of their view (never a refold per push). */
function topTags(kept: KeptView, asOf: number): string[] {
  return kept.memo('push:top-tags', (view: LogView) =>
    tagSnapshot(view, asOf)
      .tags.slice(0, PUSH_TAGS)
      .map(([tag]) => tag),
  );
}

/**
 * What the push of `ping` says, from the user's kept view: the ping, the tags to offer, and the
 * pings of the last day that have an answer (so the notifications still open for them close).
 */
export function pushMessage(kept: KeptView, ping: number, asOf: number): PushMessage {
  const answered = kept.view
    .answersBetween(ping - PUSH_ANSWERED_SECONDS, ping + 1)
    .map((answer) => answer.ping)
    .slice(-MAX_ANSWERED);
  return { v: 1, ping, tags: topTags(kept, asOf), answered };
}

/** Whether `ping` has an answer already: answered anywhere first, it needs no ringing. */
export function isAnswered(view: LogView, ping: number): boolean {
  return view.answersBetween(ping, ping + 1).length > 0;
}
