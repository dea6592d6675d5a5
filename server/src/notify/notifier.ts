/** "A log of this user grew": the device whose log it is and its new head. */
export interface LogUpdated {
  device: string;
  head: number;
}

export type LogUpdatedListener = (event: LogUpdated) => void;

/**
 * Carries "log updated" events to every stream of the user, in this process and (with a broker)
 * in every other server process. `publish` resolves once the event is handed to the transport.
 */
export interface Notifier {
  publish(userId: string, event: LogUpdated): Promise<void>;
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
