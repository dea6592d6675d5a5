import type { StreamEvent } from '@tagtime/log/protocol';

/**
 * "A log of this user grew" (the device whose log it is and its new head) is the protocol's
 * stream event: what streams send is what notifiers carry, between processes too.
 */
export type LogUpdatedListener = (event: StreamEvent) => void;

/**
 * Carries "log updated" events to every stream of the user, in this process and (with a broker)
 * in every other server process. `publish` resolves once the event is handed to the transport.
 */
export interface Notifier {
  publish(userId: string, event: StreamEvent): Promise<void>;
  /** Returns the function that ends this subscription. */
  subscribe(userId: string, listener: LogUpdatedListener): () => void;
  /**
   * Resolves once every subscription made so far receives events (a broker may take a round
   * trip to register one). Streams wait for it before reading the heads they start with, so no
   * growth can fall between the two.
   */
  ready(): Promise<void>;
  close(): Promise<void>;
}
