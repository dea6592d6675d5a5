import { AppError } from '../errors.js';

export interface StreamCaps {
  /** Open streams per device token (a token belongs to one device, so: per device). */
  perToken: number;
  /** Open streams per user, over all their devices. */
  perUser: number;
}

/** Admits a stream under the caps, or rejects with a 429; the release runs once it ends. */
export interface StreamAdmission {
  admit(userId: string, deviceId: string): Promise<() => void>;
}

/**
 * Counts the open device streams per device and per user and refuses one over either cap with
 * a 429 naming the limit. An open stream holds a socket and a subscription for as long as the
 * caller likes, so each token and each account gets a bounded share.
 */
export class StreamLimits implements StreamAdmission {
  private readonly byDevice = new Map<string, number>();
  private readonly byUser = new Map<string, number>();

  constructor(private readonly caps: StreamCaps) {}

  async admit(userId: string, deviceId: string): Promise<() => void> {
    return this.count(userId, deviceId);
  }

  /** Counts a new stream in, or throws; call the returned function when it ends (once counts). */
  count(userId: string, deviceId: string): () => void {
    const forDevice = this.byDevice.get(deviceId) ?? 0;
    if (forDevice >= this.caps.perToken) {
      throw new AppError(
        'too_many_streams',
        `This device token already has ${forDevice} open streams, the limit; close one first.`,
        { limit: this.caps.perToken },
      );
    }
    const forUser = this.byUser.get(userId) ?? 0;
    if (forUser >= this.caps.perUser) {
      throw new AppError(
        'too_many_streams',
        `This account already has ${forUser} open streams, the limit; close one first.`,
        { limit: this.caps.perUser },
      );
    }
    this.byDevice.set(deviceId, forDevice + 1);
    this.byUser.set(userId, forUser + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      decrement(this.byDevice, deviceId);
      decrement(this.byUser, userId);
    };
  }
}

function decrement(counts: Map<string, number>, key: string): void {
  const left = (counts.get(key) ?? 1) - 1;
  if (left <= 0) counts.delete(key);
  else counts.set(key, left);
}
