import 'server-only';
import { DbError } from '@tagtime/db';
import { Redis } from 'ioredis';
import { headers } from 'next/headers';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
} from 'rate-limiter-flexible';
import { inWords } from './format';

/**
 * Limits on what a stranger can make the console do: guess passwords, send mail, create
 * accounts. With REDIS_URL the counts live in Redis, shared by every console process (a process
 * that loses Redis falls back to its own memory until it is back); without it, in memory.
 */

interface Rule {
  /** Attempts allowed per window. */
  points: number;
  /** Window length, seconds. */
  duration: number;
  /** Past the limit, wait 1 minute, then 2, 4, … (at most an hour) per further attempt. */
  backoff?: boolean;
}

const holder = globalThis as typeof globalThis & { tagtimeRedis?: Redis };

function redis(): Redis | undefined {
  const url = process.env.REDIS_URL;
  if (!url) return undefined;
  // Commands wait for the connection; if Redis is down they fail fast and the process counts
  // in its own memory meanwhile (the insurance limiter below).
  holder.tagtimeRedis ??= new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
  return holder.tagtimeRedis;
}

/** The key prefix, so several deployments (or test runs) can share one Redis. */
const prefix = () => process.env.RATE_LIMIT_PREFIX || 'tagtime-console';

function makeStore(keyPrefix: string, duration: number): RateLimiterAbstract {
  // The stores only count and block; the thresholds are ours, so they never reject a consume.
  const options = { keyPrefix: `${prefix()}:${keyPrefix}`, points: 1_000_000, duration };
  const memory = new RateLimiterMemory(options);
  const client = redis();
  if (!client) return memory;
  return new RateLimiterRedis({
    ...options,
    storeClient: client,
    insuranceLimiter: memory,
  });
}

const stores = new Map<string, RateLimiterAbstract>();
function store(name: string, duration: number): RateLimiterAbstract {
  let found = stores.get(name);
  if (!found) {
    found = makeStore(name, duration);
    stores.set(name, found);
  }
  return found;
}

const HOUR = 3600;

/** Every limit, in one table: what is counted, per what, how many per how long. */
export const LIMITS = {
  /** Failed sign-ins from one address, whatever the account (one address trying many). */
  signInFailuresPerAddress: { points: 50, duration: HOUR },
  /** Failed sign-ins of one account from one address. */
  signInFailuresPerAccountAndAddress: { points: 5, duration: HOUR, backoff: true },
  /** Failed sign-ins of one account from browsers it never signed in on (a spread-out attack). */
  signInFailuresPerAccountUnknownDevices: { points: 20, duration: HOUR, backoff: true },
  /** Failed sign-ins of one account from one browser it signed in on before. */
  signInFailuresPerKnownDevice: { points: 10, duration: HOUR, backoff: true },
  /** Sign-ups and reset requests: each sends a mail. */
  mailPerAddress: { points: 10, duration: HOUR },
  mailPerRecipient: { points: 3, duration: HOUR },
  /** Wrong second-factor codes or passkeys for one account (a stolen password guessing on). */
  secondFactorFailuresPerUser: { points: 5, duration: HOUR, backoff: true },
  /** Browsers a person pairs as pingers (each a device row; revoked ones stay as history). */
  browserPairingsPerUser: { points: 20, duration: HOUR },
} as const satisfies Record<string, Rule>;

export type LimitName = keyof typeof LIMITS;

const rule = (name: LimitName): Rule => LIMITS[name];
const counter = (name: LimitName) => store(name, rule(name).duration);
const blocker = (name: LimitName) => store(`${name}:wait`, HOUR);

/** Addresses never limited by address (e.g. a monitoring host); RATE_LIMIT_EXEMPT, comma-separated. */
function exempt(address: string): boolean {
  return (process.env.RATE_LIMIT_EXEMPT ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .includes(address);
}

/** Seconds until `key` may try again under `name`, or 0 when it may now. */
export async function waitSeconds(name: LimitName, key: string): Promise<number> {
  const state = rule(name).backoff ? await blocker(name).get(key) : await counter(name).get(key);
  const over = rule(name).backoff ? 0 : rule(name).points - 1;
  if (!state || state.consumedPoints <= over) return 0;
  return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
}

/** Counts one attempt under `name`; past the limit `key` waits (see `Rule`). */
export async function count(name: LimitName, key: string): Promise<void> {
  const { points, backoff } = rule(name);
  const state = await counter(name).consume(key);
  if (backoff && state.consumedPoints >= points) {
    const wait = Math.min(60 * 2 ** (state.consumedPoints - points), HOUR);
    await blocker(name).block(key, wait);
  }
}

/** Forgets the count of `key` (a successful sign-in clears its failures). */
export async function forget(name: LimitName, key: string): Promise<void> {
  await counter(name).delete(key);
  if (rule(name).backoff) await blocker(name).delete(key);
}

/** The address key, or undefined for an exempt address (per-address limits then do not apply). */
export function addressKey(address: string): string | undefined {
  return exempt(address) ? undefined : address || 'unknown';
}

/**
 * Counts a mail a stranger asks for (sign-up, password reset) per client address and per
 * recipient, so nobody fills a victim's inbox; DbError `rate_limited` when over either limit
 * (counted per address typed in, so it says nothing about accounts).
 */
export async function limitMail(recipient: string): Promise<void> {
  const byAddress = addressKey((await headers()).get('x-forwarded-for') ?? '');
  const wait = Math.max(
    byAddress ? await waitSeconds('mailPerAddress', byAddress) : 0,
    await waitSeconds('mailPerRecipient', recipient),
  );
  if (wait > 0) {
    throw new DbError('rate_limited', `Too many requests for now. Try again ${inWords(wait)}.`);
  }
  if (byAddress) await count('mailPerAddress', byAddress);
  await count('mailPerRecipient', recipient);
}

/** Counts a browser pairing of `userId`; DbError `rate_limited` past the hour's allowance. */
export async function limitBrowserPairing(userId: string): Promise<void> {
  const wait = await waitSeconds('browserPairingsPerUser', userId);
  if (wait > 0) {
    throw new DbError(
      'rate_limited',
      `This account paired many browsers in the last hour. Try again ${inWords(wait)}.`,
    );
  }
  await count('browserPairingsPerUser', userId);
}

/** DbError `rate_limited` while `userId` must wait after wrong second factors. */
export async function limitSecondFactor(userId: string): Promise<void> {
  const wait = await waitSeconds('secondFactorFailuresPerUser', userId);
  if (wait > 0) {
    throw new DbError('rate_limited', `Too many wrong codes. Try again ${inWords(wait)}.`);
  }
}

/** Counts a wrong second factor of `userId`; a right one forgets the count. */
export async function secondFactorFailed(userId: string): Promise<void> {
  await count('secondFactorFailuresPerUser', userId);
}

export async function secondFactorPassed(userId: string): Promise<void> {
  await forget('secondFactorFailuresPerUser', userId);
}
