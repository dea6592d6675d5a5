/**
 * The log server's Web Push message at a ping (@tagtime/log/protocol's push message, version 1):
 * `{ v: 1, ping, tags, answered }` — the ping (unix seconds), the person's top tags (the
 * notification offers four), and the pings of the last day answered since, whose
 * notifications close.
 * Read defensively: a push from a newer or broken server still shows something (browsers
 * require every push to), never throws.
 */
export interface PingPush {
  ping: number;
  tags: string[];
  answered: number[];
}

const MAX_TAGS = 4;
const MAX_ANSWERED = 200;
/** A tag as @tagtime/log allows it: 1–64 characters, no whitespace. */
const isTag = (value: unknown): value is string =>
  typeof value === 'string' && value.length >= 1 && value.length <= 64 && !/\s/.test(value);
const isPingTime = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value > 0;

/** The ping push in `text`, or undefined when it is not one this worker understands. */
export function parsePingPush(text: string | undefined): PingPush | undefined {
  if (!text) return undefined;
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof message !== 'object' || message === null) return undefined;
  const { v, kind, ping, tags, answered } = message as Record<string, unknown>;
  // A later version may send other kinds of message, naming them: this worker knows pings.
  if (v !== 1 || (kind !== undefined && kind !== 'ping') || !isPingTime(ping)) return undefined;
  return {
    ping,
    tags: Array.isArray(tags) ? [...new Set(tags.filter(isTag))].slice(0, MAX_TAGS) : [],
    answered: Array.isArray(answered) ? answered.filter(isPingTime).slice(0, MAX_ANSWERED) : [],
  };
}
