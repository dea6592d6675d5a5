import type { Worker } from 'node:cluster';
import { AppError } from '../errors.js';
import type { StreamAdmission, StreamLimits } from '../stream/stream-limits.js';

/**
 * The stream caps of a cluster, counted once in the primary: a device's or user's streams land
 * on whichever worker accepted each connection, so per-worker counts would let a token hold
 * WORKERS times its cap. A worker asks the primary over the cluster's IPC channel when a stream
 * opens and tells it when the stream ends; the round trip is paid once per stream.
 */
type Request =
  | { tagtime: 'stream-admit'; id: number; userId: string; deviceId: string }
  | { tagtime: 'stream-release'; id: number };

type Answer =
  | { tagtime: 'stream-admitted'; id: number }
  | { tagtime: 'stream-refused'; id: number; message: string; limit: number };

function isRequest(message: unknown): message is Request {
  const tag = (message as { tagtime?: unknown } | null)?.tagtime;
  return tag === 'stream-admit' || tag === 'stream-release';
}

function isAnswer(message: unknown): message is Answer {
  const tag = (message as { tagtime?: unknown } | null)?.tagtime;
  return tag === 'stream-admitted' || tag === 'stream-refused';
}

/** The primary's side: counts one worker's streams in the cluster-wide limits. */
export function serveStreamCaps(worker: Worker, limits: StreamLimits): void {
  const open = new Map<number, () => void>();
  worker.on('message', (message: unknown) => {
    if (!isRequest(message)) return;
    if (message.tagtime === 'stream-release') {
      open.get(message.id)?.();
      open.delete(message.id);
      return;
    }
    let answer: Answer;
    try {
      open.set(message.id, limits.count(message.userId, message.deviceId));
      answer = { tagtime: 'stream-admitted', id: message.id };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const limit = Number((error.details as { limit?: unknown }).limit);
      answer = { tagtime: 'stream-refused', id: message.id, message: error.message, limit };
    }
    worker.send(answer);
  });
  // A worker that is gone holds no streams.
  worker.on('exit', () => {
    for (const release of open.values()) release();
    open.clear();
  });
}

/** A worker's side: admits each stream through the primary. */
export class PrimaryStreamCaps implements StreamAdmission {
  private nextId = 1;
  private readonly waiting = new Map<number, (answer: Answer) => void>();

  constructor(private readonly channel: NodeJS.Process = process) {
    channel.on('message', (message: unknown) => {
      if (!isAnswer(message)) return;
      this.waiting.get(message.id)?.(message);
      this.waiting.delete(message.id);
    });
  }

  async admit(userId: string, deviceId: string): Promise<() => void> {
    const id = this.nextId++;
    const answer = await new Promise<Answer>((resolve, reject) => {
      this.waiting.set(id, resolve);
      this.send({ tagtime: 'stream-admit', id, userId, deviceId }, reject);
    });
    if (answer.tagtime === 'stream-refused') {
      throw new AppError('too_many_streams', answer.message, { limit: answer.limit });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.send({ tagtime: 'stream-release', id }, () => {});
    };
  }

  private send(message: Request, onError: (error: Error) => void): void {
    if (this.channel.send === undefined || !this.channel.connected) {
      onError(new Error('the cluster primary is gone'));
      return;
    }
    this.channel.send(message, undefined, undefined, (error) => {
      if (error) onError(error);
    });
  }
}
