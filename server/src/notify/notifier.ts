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
  close(): Promise<void>;
}
