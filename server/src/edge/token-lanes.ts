import type { ServerResponse } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

/** The lane of a device route's caller: its device (one token each), within its user. */
export function deviceLane(request: FastifyRequest): string {
  return `${request.device.userId}/${request.device.deviceId}`;
}

export interface LaneLimits {
  /** Requests of one device token handled at once; more wait their turn. */
  concurrent: number;
  /** Requests of one device token waiting; more are a 429. */
  queued: number;
  /**
   * Share of one core a token may use (CPU ms per ms), measured where a request parses and
   * validates its body; past `cpuBurstMs` of debt its next request waits. Undefined: no budget.
   */
  cpuShare?: number;
  cpuBurstMs?: number;
  /**
   * A share that applies only while another device has made a request lately (see
   * `DeviceActivity`): work-conserving, so a device alone on the server goes at full speed and
   * one with company leaves them the rest of the core. Undefined: none.
   */
  contendedShare?: number;
  activity?: DeviceActivity;
}

/** How recently another device must have asked for the server to count as shared. */
const CONTENTION_WINDOW_MS = 1000;

/**
 * Which devices made requests lately: the two most recent distinct ones, enough to tell
 * whether anyone but a given device is using the server now.
 */
export class DeviceActivity {
  private recent: Array<{ key: string; at: number }> = [];

  seen(key: string): void {
    const at = performance.now();
    const others = this.recent.filter((entry) => entry.key !== key);
    this.recent = [{ key, at }, ...others.slice(0, 1)];
  }

  /** Whether a device other than `key` made a request within the contention window. */
  othersActive(key: string): boolean {
    const since = performance.now() - CONTENTION_WINDOW_MS;
    return this.recent.some((entry) => entry.key !== key && entry.at >= since);
  }
}

/** For a request whose client is gone: nobody reads the answer, nothing else runs. */
function clientLeft(): AppError {
  return new AppError('request_timeout', 'The client left before its turn.');
}

/** How often lanes of idle devices that owe no CPU time are forgotten. */
const SWEEP_MS = 5000;

function isIdle(lane: Lane): boolean {
  return lane.running === 0 && lane.waiting.length === 0;
}

/** One device token's turn-taking. */
interface Lane {
  running: number;
  waiting: Array<() => void>;
  /** CPU ms used and not yet paid back at `cpuShare`, as of `debtAt`. */
  debt: number;
  debtAt: number;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Fairness between device tokens on one kind of request (appends, pulls): each token gets at
 * most `concurrent` requests in progress and, with a CPU budget, a bounded share of a core. The
 * event loop is one queue for everyone; without this, one token with ten requests in flight
 * gets ten times the turns of a user with one, and another user's `GET /v1/heads` waits behind
 * them all. A waiting request holds only its socket: its body is not read until its turn.
 */
export class TokenLanes {
  private readonly lanes = new Map<string, Lane>();
  private sweptAt = 0;

  constructor(private readonly limits: LaneLimits) {}

  /**
   * Waits for a turn of `key` (a device); the turn ends when `response` closes, answered or
   * abandoned. A request that would wait behind `queued` others is a 429.
   */
  enter(key: string, response: ServerResponse): Promise<void> {
    this.sweep();
    let lane = this.lanes.get(key);
    if (lane === undefined) {
      lane = { running: 0, waiting: [], debt: 0, debtAt: performance.now(), timer: undefined };
      this.lanes.set(key, lane);
    }
    const current = lane;
    if (response.closed) {
      this.pump(key, current);
      return Promise.reject(clientLeft());
    }
    if (current.waiting.length >= this.limits.queued) {
      return Promise.reject(
        new AppError(
          'rate_limited',
          `Too many requests of this device at once (${this.limits.concurrent} served, ${this.limits.queued} waiting); retry once one is answered.`,
        ),
      );
    }
    return new Promise<void>((resolve, reject) => {
      let granted = false;
      const grant = () => {
        granted = true;
        current.running += 1;
        resolve();
      };
      current.waiting.push(grant);
      response.once('close', () => {
        if (granted) {
          current.running -= 1;
        } else {
          // Abandoned while waiting: its turn goes to the next, and it never runs.
          const at = current.waiting.indexOf(grant);
          if (at >= 0) current.waiting.splice(at, 1);
          reject(clientLeft());
        }
        this.pump(key, current);
      });
      this.pump(key, current);
    });
  }

  /** Records CPU time a request of `key` used (its body's parse, a page's reading). */
  charge(key: string, cpuMs: number): void {
    const lane = this.lanes.get(key);
    if (lane === undefined || this.share(key) === undefined) return;
    this.settle(lane, key);
    lane.debt += cpuMs;
  }

  /** The lane's share of a core now: its own, or the contended one while others ask too. */
  private share(key: string): number | undefined {
    const { cpuShare, contendedShare, activity } = this.limits;
    if (cpuShare !== undefined) return cpuShare;
    if (contendedShare !== undefined && activity?.othersActive(key)) return contendedShare;
    return undefined;
  }

  /** Starts waiting requests while the lane has room and budget; forgets an idle, paid lane. */
  private pump(key: string, lane: Lane): void {
    if (lane.timer !== undefined) return;
    const wait = this.budgetWait(lane, key);
    if (wait > 0 && (lane.waiting.length > 0 || lane.running === 0)) {
      lane.timer = setTimeout(() => {
        lane.timer = undefined;
        this.pump(key, lane);
      }, wait);
      lane.timer.unref();
      return;
    }
    while (lane.running < this.limits.concurrent && lane.waiting.length > 0) {
      (lane.waiting.shift() as () => void)();
    }
    // A lane with debt is kept, or a device would start afresh with each request.
    if (isIdle(lane) && lane.debt <= 0) this.lanes.delete(key);
  }

  /** Forgets the lanes of devices that are idle and owe nothing (at most every few seconds). */
  private sweep(): void {
    const now = performance.now();
    if (now - this.sweptAt < SWEEP_MS) return;
    this.sweptAt = now;
    for (const [key, lane] of this.lanes) {
      if (!isIdle(lane) || lane.timer !== undefined) continue;
      this.settle(lane, key);
      if (lane.debt <= 0) this.lanes.delete(key);
    }
  }

  /** Milliseconds until the lane's CPU debt is back within its burst. */
  private budgetWait(lane: Lane, key: string): number {
    const share = this.share(key);
    const { cpuBurstMs = 0 } = this.limits;
    this.settle(lane, key);
    if (share === undefined) return 0;
    return lane.debt > cpuBurstMs ? Math.ceil((lane.debt - cpuBurstMs) / share) : 0;
  }

  /** Pays back debt for the time since it was last settled (all of it when unshared). */
  private settle(lane: Lane, key: string): void {
    const now = performance.now();
    const share = this.share(key);
    lane.debt = share === undefined ? 0 : Math.max(0, lane.debt - (now - lane.debtAt) * share);
    lane.debtAt = now;
  }
}
