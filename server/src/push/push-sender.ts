import { randomBytes } from 'node:crypto';
import type { Agent } from 'node:https';
import { hostname } from 'node:os';
import {
  type ClaimedPush,
  claimPushes,
  type Database,
  deletePushSubscription,
  enqueuePush,
  finishPush,
  getUser,
  listPushSubscriptionsDue,
  listPushUsers,
  markPushSubscriptionSent,
  prunePushOutbox,
  retryPush,
} from '@tagtime/db';
import { parseQuietHours, QUIET_HOURS_KEY, quietUntil } from '@tagtime/log';
import type { FastifyBaseLogger } from 'fastify';
import type { PushConfig } from '../config.js';
import type { LogStore } from '../store/log-store.js';
import { isAnswered, pushMessage } from './push-message.js';
import { type SendOutcome, sendPush } from './send-push.js';

/** Outbox rows one process claims per tick; a full batch runs the next tick at once. */
const CLAIM_BATCH = 32;
/** Pushes in flight at once per process. */
const SEND_CONCURRENCY = 8;
/** Users whose kept view one tick reads to find their due ping; the rest wait a tick. */
const VIEW_READS_PER_TICK = 500;
const USER_PAGE = 500;
/** Ended outbox rows are kept this long (for support), then pruned a page at a time. */
const KEEP_ENDED_MS = 7 * 24 * 3600_000;
const PRUNE_EVERY_MS = 3600_000;
const PRUNE_PAGE = 1000;
/** Backoff after 429/5xx doubles from `retryMs` up to this. */
const MAX_BACKOFF_MS = 15 * 60_000;
/** Ticks never follow each other closer than this (a user due, but not read yet, say). */
const MIN_TICK_GAP_MS = 20;
/** How long a graceful close waits for the tick in progress. */
const STOP_WAIT_MS = 3000;
/** A failing tick (the database away) is logged once a minute, not every tick. */
const FAILURE_LOG_EVERY_MS = 60_000;

export interface PushSenderOptions {
  db: Database;
  store: LogStore;
  config: PushConfig & { vapid: NonNullable<PushConfig['vapid']> };
  log: FastifyBaseLogger;
  /** The clock (ms); tests move it to just before a ping. */
  now?: () => number;
  /** The HTTPS agent for push services (tests: one trusting the stand-in's CA). */
  agent?: Agent;
}

/**
 * Web Push at each ping, in every server process (DESIGN.md, the outbox decision). Each tick:
 *
 * 1. For each user with a live subscription whose next ping (by their schedule, the `schedule`
 *    config of their kept view) has come, add the outbox row of that ping. Every process may
 *    add it; the unique (user, ping) key keeps one.
 * 2. Claim due rows with `SELECT … FOR UPDATE SKIP LOCKED` and a lease, so whichever process is
 *    free sends each row and no two send it at once.
 * 3. Send the row's ping to each of the user's subscriptions that lacks it, and record what
 *    happened: 404/410 drop the subscription, 429/5xx retry with backoff (Retry-After
 *    honoured), never once the next ping has come (then the row ends dropped, with why); quiet
 *    hours hold the row until they end.
 *
 * Delivery is at least once: a process killed mid-send leaves its lease to run out, and the
 * next process sends to the subscriptions not yet marked as sent — perhaps again to the one it
 * was sending to. The ping is the message's stable id; the service worker shows one
 * notification per ping (its tag), so a repeat replaces, never adds.
 */
export class PushSender {
  readonly #db: Database;
  readonly #store: LogStore;
  readonly #config: PushSenderOptions['config'];
  readonly #log: FastifyBaseLogger;
  readonly #now: () => number;
  readonly #agent: Agent | undefined;
  /** This process's name on the leases it holds. */
  readonly #owner = `${hostname().slice(0, 40)}:${process.pid}:${randomBytes(4).toString('hex')}`;
  /** Per user, the ping time (unix seconds) before which nothing of theirs is due. */
  readonly #nextDue = new Map<string, number>();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;
  #lastPrune = 0;
  #lastFailureLog = 0;

  constructor(options: PushSenderOptions) {
    this.#db = options.db;
    this.#store = options.store;
    this.#config = options.config;
    this.#log = options.log;
    this.#now = options.now ?? Date.now;
    this.#agent = options.agent;
  }

  start(): void {
    this.#log.info({ owner: this.#owner, tickMs: this.#config.tickMs }, 'web push sender started');
    this.#schedule(0);
  }

  /**
   * Ends the loop: waits up to `waitMs` for the tick in progress, so a graceful close is not
   * held by a slow push service; the leases of rows it leaves cover them (another process, or
   * this one's successor, sends them once the leases run out).
   */
  async stop(waitMs = STOP_WAIT_MS): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    if (!this.#running) return;
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, waitMs);
      timer.unref();
    });
    await Promise.race([this.#running, waited]);
    clearTimeout(timer);
  }

  #schedule(delay: number): void {
    if (this.#stopped) return;
    // Unref'd: the loop never keeps a process alive by itself.
    this.#timer = setTimeout(() => {
      this.#running = this.#tick().then((outcome) => {
        this.#running = undefined;
        if (outcome === 'more') this.#schedule(0);
        else if (outcome === 'failed') this.#schedule(this.#config.tickMs);
        else this.#schedule(this.#untilNextTick());
      });
    }, delay);
    this.#timer.unref();
  }

  /**
   * The next tick comes after `tickMs`, or sooner at the next ping of a user it knows, so a
   * ping's push leaves at its second rather than up to a tick late.
   */
  #untilNextTick(): number {
    let soonest = Number.POSITIVE_INFINITY;
    for (const due of this.#nextDue.values()) soonest = Math.min(soonest, due);
    return Math.max(MIN_TICK_GAP_MS, Math.min(this.#config.tickMs, soonest * 1000 - this.#now()));
  }

  /** One round: `more` when more rows were due than a batch holds. */
  async #tick(): Promise<'more' | 'done' | 'failed'> {
    try {
      await this.#enqueueDuePings();
      const claimed = await claimPushes(this.#db, {
        owner: this.#owner,
        leaseMs: this.#config.leaseMs,
        limit: CLAIM_BATCH,
      });
      await eachLimited(claimed, SEND_CONCURRENCY, (row) =>
        this.#deliver(row).catch((error: unknown) => {
          // The row keeps its lease; once it runs out, a process tries the row again.
          this.#log.error({ err: error, user: row.userId, ping: row.ping }, 'web push failed');
        }),
      );
      await this.#prune();
      return claimed.length === CLAIM_BATCH ? 'more' : 'done';
    } catch (error) {
      const now = this.#now();
      if (now - this.#lastFailureLog >= FAILURE_LOG_EVERY_MS) {
        this.#lastFailureLog = now;
        this.#log.error({ err: error }, 'web push tick failed; retrying each tick');
      }
      return 'failed';
    }
  }

  async #enqueueDuePings(): Promise<void> {
    const nowMs = this.#now();
    const now = Math.floor(nowMs / 1000);
    const seen = new Set<string>();
    let reads = 0;
    let after: string | undefined;
    for (;;) {
      const users = await listPushUsers(this.#db, {
        limit: USER_PAGE,
        ...(after === undefined ? {} : { after }),
      });
      for (const userId of users) {
        seen.add(userId);
        const due = this.#nextDue.get(userId);
        if ((due !== undefined && due > now) || reads >= VIEW_READS_PER_TICK) continue;
        reads++;
        const { prev, next } = await this.#store.readView(userId, (kept) => {
          const schedule = kept.view.schedule();
          return { prev: schedule.prevPing(now), next: schedule.nextPing(now) };
        });
        this.#nextDue.set(userId, next);
        if (nowMs - prev * 1000 > this.#config.lookbackMs) continue;
        const expiresAt = new Date(next * 1000);
        if (await enqueuePush(this.#db, { userId, ping: prev, expiresAt })) {
          this.#log.debug({ user: userId, ping: prev }, 'web push queued');
        }
      }
      if (users.length < USER_PAGE) break;
      after = users.at(-1);
    }
    for (const userId of this.#nextDue.keys()) if (!seen.has(userId)) this.#nextDue.delete(userId);
  }

  async #deliver(row: ClaimedPush): Promise<void> {
    const owner = this.#owner;
    const nowMs = this.#now();
    const expires = row.expiresAt.getTime();
    /** Ends the row; a drop for a failure is a warning, one the user asked for is not. */
    const end = async (state: 'sent' | 'dropped', why?: string, failed = false) => {
      const ended = await finishPush(this.#db, {
        id: row.id,
        owner,
        state,
        ...(why === undefined ? {} : { error: why }),
      });
      if (!ended && state === 'sent') {
        // A browser subscribed while this push went out (or the lease ran out: then this
        // changes nothing either). The row goes again at once, to the browsers that lack it.
        await retryPush(this.#db, {
          id: row.id,
          owner,
          at: new Date(nowMs),
          error: 'a browser subscribed while it was sent',
        });
        return;
      }
      const level = failed ? 'warn' : 'info';
      this.#log[level]({ user: row.userId, ping: row.ping, why }, `web push ${state}`);
    };
    if (nowMs >= expires) return end('dropped', 'the next ping came before it could be sent', true);

    const now = Math.floor(nowMs / 1000);
    const read = await this.#store.readView(row.userId, (kept) => ({
      quiet: parseQuietHours(kept.view.configValue(QUIET_HOURS_KEY)),
      answered: isAnswered(kept.view, row.ping),
      message: pushMessage(kept, row.ping, now),
    }));
    if (read.answered) return end('dropped', 'answered before its push');
    if (read.quiet) {
      const zone = read.quiet.zone ?? (await getUser(this.#db, row.userId))?.timeZone ?? 'UTC';
      const until = quietUntil(read.quiet, now, zone);
      if (until !== undefined) {
        if (until * 1000 >= expires) return end('dropped', 'quiet hours until the next ping');
        await retryPush(this.#db, {
          id: row.id,
          owner,
          at: new Date(until * 1000),
          error: 'quiet hours',
        });
        return;
      }
    }

    const subscriptions = await listPushSubscriptionsDue(this.#db, row);
    if (subscriptions.length === 0) return end('sent', 'no subscription lacked it');
    const payload = JSON.stringify(read.message);
    const ttlSeconds = Math.max(1, Math.floor((expires - nowMs) / 1000));
    const outcomes = await Promise.all(
      subscriptions.map(async (subscription): Promise<SendOutcome> => {
        const outcome = await sendPush(subscription, payload, {
          vapid: this.#config.vapid,
          ttlSeconds,
          timeoutMs: Math.min(10_000, Math.max(1000, this.#config.leaseMs / 2)),
          ...(this.#agent ? { agent: this.#agent } : {}),
        });
        const device = subscription.deviceId;
        if (outcome.kind === 'sent' || outcome.kind === 'failed') {
          await markPushSubscriptionSent(this.#db, { ...subscription, ping: row.ping });
        }
        if (outcome.kind === 'gone') {
          await deletePushSubscription(this.#db, subscription);
          this.#log.info({ device, status: outcome.status }, 'push subscription gone; removed');
        }
        if (outcome.kind === 'failed') {
          this.#log.warn({ device, ping: row.ping, reason: outcome.reason }, 'web push refused');
        }
        return outcome;
      }),
    );
    const problems = outcomes.flatMap((o) =>
      o.kind === 'sent' ? [] : [o.kind === 'retry' ? o.reason : `${o.kind} ${o.status}`],
    );
    const why = problems.length > 0 ? problems.join('; ') : undefined;
    const retries = outcomes.filter((o) => o.kind === 'retry');
    if (retries.length === 0) return end('sent', why);

    const backoff = Math.min(MAX_BACKOFF_MS, this.#config.retryMs * 2 ** (row.attempts - 1));
    const asked = Math.max(0, ...retries.map((o) => o.retryAfterMs ?? 0));
    // Jitter, so processes retrying one push service do not come back in step.
    const at = nowMs + Math.max(asked, backoff * (0.75 + Math.random() * 0.5));
    if (at >= expires) return end('dropped', `${why}; the next ping comes before a retry`, true);
    await retryPush(this.#db, { id: row.id, owner, at: new Date(at), error: why ?? 'retry' });
    this.#log.info(
      { user: row.userId, ping: row.ping, why, inMs: Math.round(at - nowMs) },
      'web push retry',
    );
  }

  async #prune(): Promise<void> {
    const now = this.#now();
    if (now - this.#lastPrune < PRUNE_EVERY_MS) return;
    this.#lastPrune = now;
    await prunePushOutbox(this.#db, { before: new Date(now - KEEP_ENDED_MS), limit: PRUNE_PAGE });
  }
}

/** Runs `work` on every item, at most `limit` at once. */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
