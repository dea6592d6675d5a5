// The live stream of sync protocol v1 (`GET /v1/stream`, Server-Sent Events; see
// docs/sync-protocol.md, "Stream"): what one "log updated" event is, how it is written on the
// wire and how a reader takes it back. The server writes it (and carries the same event between
// its processes), the client follows it, the console relays it: all of them through this file.
import { z } from 'zod';
import { deviceIdSchema, recordTimeSchema } from './wire.js';

/** The SSE event name of a "log updated" event (`event: log`). */
export const STREAM_EVENT_NAME = 'log';

/** The data of each `event: log` of `GET /v1/stream`: a log of the user grew to `head`. */
export const streamEventSchema = z.object({
  device: deviceIdSchema,
  head: recordTimeSchema.describe("The log's new last t."),
});
export type StreamEvent = z.infer<typeof streamEventSchema>;

/** One event as the stream carries it: its name, an id (`device:head`) and its JSON data. */
export function streamEventMessage(event: StreamEvent): string {
  const data = JSON.stringify({ device: event.device, head: event.head });
  return `event: ${STREAM_EVENT_NAME}\nid: ${event.device}:${event.head}\ndata: ${data}\n\n`;
}

/**
 * The event in the `data` of one stream message, checked with `streamEventSchema`; undefined
 * for anything else (not a string, not JSON, another shape): a reader skips what it cannot read
 * rather than ending, and the next event of the same log carries its head again.
 */
export function parseStreamEvent(data: unknown): StreamEvent | undefined {
  if (typeof data !== 'string') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    // A keep-alive or a message of a later protocol version: the stream goes on.
    return undefined;
  }
  const event = streamEventSchema.safeParse(value);
  return event.success ? event.data : undefined;
}
