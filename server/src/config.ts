import { createECDH } from 'node:crypto';
import { resolve } from 'node:path';
import { DEFAULT_DATABASE_URL, DEV_SERVICE_TOKEN } from '@tagtime/db';
import { defaultTotalConnections } from './edge/connection-limits.js';

/** A configuration the server cannot run with, said in one sentence for the operator. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Everything the server reads from its environment, with the defaults of a dev machine. */
export interface ServerConfig {
  port: number;
  host: string;
  /** Directory of the LMDB environment holding the device logs. */
  dataDir: string;
  /**
   * How appends commit (`LOG_COMMITS`): `auto`, a quiet store commits each append on its own
   * and syncs it at once, under load appends join one group commit; `group`, every append
   * joins the group commit (for throughput over latency, and for the tests that fault it).
   */
  logCommits: 'auto' | 'group';
  /** Memory for users' kept views held in memory, estimated, per process (`VIEW_CACHE_MB`). */
  viewCacheBytes: number;
  databaseUrl: string;
  /** The console's service credential for `/admin/v1`. */
  adminToken: string;
  /** True when ADMIN_TOKEN was not set and the printed development default is in use. */
  adminTokenIsDefault: boolean;
  /** NODE_ENV=production: no development defaults for secrets. */
  production: boolean;
  /** NATS server for cross-process notifications; in-process only when unset. */
  natsUrl: string | undefined;
  /**
   * Server processes sharing the port (node:cluster): 1 runs the server in this process; more
   * fork that many workers, which learn of each other's appends through NATS (required then).
   */
  workers: number;
  /** How long a device token stays cached; a revoked token is refused after at most this. */
  authCacheMs: number;
  /** SSE heartbeat period. */
  heartbeatMs: number;
  /**
   * How long a request may take to arrive, headers and body (headers alone: at most 10 s).
   * A stream's request is complete once its headers are in, so streams are not cut.
   */
  requestTimeoutMs: number;
  /**
   * How long a socket may go without a request that authenticates (at most requestTimeoutMs);
   * then it is answered 408 and closed, unless a request of its arrived whole and is answered.
   */
  unauthenticatedTimeoutMs: number;
  /** Appends (and, apart, pulls) one device token has in progress at once; more wait. */
  concurrentPerToken: number;
  connections: {
    /** Open connections per client address. */
    perAddress: number;
    /** Open connections in all (default: the open-file limit less a reserve). */
    total: number;
  };
  streams: {
    /** Open streams per device token. */
    perToken: number;
    /** Open streams per user, all devices and the admin API together. */
    perUser: number;
  };
  rateLimit: {
    /** Requests per minute per device token on the device routes. */
    perToken: number;
    /** Pairing attempts per minute per client address. */
    pairPerIp: number;
    /** Unknown device tokens per minute per client address; then refused before the lookup. */
    unknownTokensPerIp: number;
  };
  /**
   * Origins whose pages may call the device API from a browser (`CONSOLE_ORIGIN`, comma
   * separated): the console's, where the web pinger runs. Outside production the console's
   * loopback address under `npm start` by default; in production none unless set.
   */
  corsOrigins: string[];
  logLevel: string;
  /** `json` (one object per line, for log collectors) or `pretty` (one readable line each). */
  logFormat: 'json' | 'pretty';
  push: PushConfig;
}

/** Web Push at each ping (server/README.md, Web Push). */
export interface PushConfig {
  /** The VAPID key pair (base64url) and contact; unset: no pushes, the routes answer 503. */
  vapid: { publicKey: string; privateKey: string; subject: string } | undefined;
  /**
   * Hosts a subscription's endpoint may name (`PUSH_SERVICE_HOSTS`): each entry a host, which
   * also allows its subdomains, or `host:port`. A device cannot make the server POST elsewhere.
   */
  serviceHosts: string[];
  /** How often each process looks for due pings and due outbox rows. */
  tickMs: number;
  /** How long a claimed outbox row is its process's before another may take it. */
  leaseMs: number;
  /** A ping older than this when a process first sees it due is not pushed (a late start). */
  lookbackMs: number;
  /** The first retry's delay after a 429 or 5xx (doubling, Retry-After honoured). */
  retryMs: number;
}

/** The push services browsers use (Chrome, Firefox, Safari, Edge). */
export const DEFAULT_PUSH_SERVICE_HOSTS = [
  'fcm.googleapis.com',
  'push.services.mozilla.com',
  'push.apple.com',
  'notify.windows.com',
];

export const DEFAULT_ADMIN_TOKEN = DEV_SERVICE_TOKEN;

/** Shorter service credentials are refused in production: they could be guessed. */
export const MIN_ADMIN_TOKEN_LENGTH = 16;

/** Reads the environment; throws a ConfigError naming the variable for what it cannot use. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const adminToken = env.ADMIN_TOKEN ?? '';
  const production = env.NODE_ENV === 'production';
  if (production) checkProductionAdminToken(adminToken);
  const natsUrl = env.NATS_URL || undefined;
  const workers = positive(env.WORKERS, 1, 'WORKERS');
  if (workers > 1 && natsUrl === undefined) {
    throw new ConfigError(
      `WORKERS=${workers} needs NATS_URL: the workers learn of each other's appends through NATS.`,
    );
  }
  return {
    port: integer(env.PORT, 8787, 'PORT'),
    host: env.HOST || '127.0.0.1',
    dataDir: resolve(env.DATA_DIR || '.data/logs'),
    logCommits: oneOf(env.LOG_COMMITS, ['auto', 'group'] as const, 'auto', 'LOG_COMMITS'),
    viewCacheBytes: integer(env.VIEW_CACHE_MB, 64, 'VIEW_CACHE_MB') * 1024 * 1024,
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    adminToken: adminToken || DEFAULT_ADMIN_TOKEN,
    adminTokenIsDefault: adminToken === '',
    production,
    natsUrl,
    workers,
    authCacheMs: Math.min(integer(env.AUTH_CACHE_MS, 500, 'AUTH_CACHE_MS'), 1000),
    heartbeatMs: integer(env.HEARTBEAT_MS, 15_000, 'HEARTBEAT_MS'),
    requestTimeoutMs: positive(env.REQUEST_TIMEOUT_MS, 30_000, 'REQUEST_TIMEOUT_MS'),
    unauthenticatedTimeoutMs: positive(
      env.UNAUTHENTICATED_TIMEOUT_MS,
      5000,
      'UNAUTHENTICATED_TIMEOUT_MS',
    ),
    concurrentPerToken: positive(env.CONCURRENT_PER_TOKEN, 2, 'CONCURRENT_PER_TOKEN'),
    connections: {
      perAddress: positive(env.MAX_CONNECTIONS_PER_ADDRESS, 128, 'MAX_CONNECTIONS_PER_ADDRESS'),
      total: positive(env.MAX_CONNECTIONS, defaultTotalConnections(), 'MAX_CONNECTIONS'),
    },
    streams: {
      perToken: positive(env.MAX_STREAMS_PER_TOKEN, 8, 'MAX_STREAMS_PER_TOKEN'),
      perUser: positive(env.MAX_STREAMS_PER_USER, 64, 'MAX_STREAMS_PER_USER'),
    },
    rateLimit: {
      perToken: integer(env.RATE_LIMIT_PER_TOKEN, 6000, 'RATE_LIMIT_PER_TOKEN'),
      pairPerIp: integer(env.RATE_LIMIT_PAIR_PER_IP, 10, 'RATE_LIMIT_PAIR_PER_IP'),
      unknownTokensPerIp: positive(
        env.RATE_LIMIT_UNKNOWN_TOKENS_PER_IP,
        30,
        'RATE_LIMIT_UNKNOWN_TOKENS_PER_IP',
      ),
    },
    corsOrigins: origins(
      env.CONSOLE_ORIGIN,
      production ? [] : ['http://127.0.0.1:3000', 'http://localhost:3000'],
    ),
    logLevel: env.LOG_LEVEL || 'info',
    logFormat: oneOf(env.LOG_FORMAT, ['json', 'pretty'] as const, 'json', 'LOG_FORMAT'),
    push: {
      vapid: vapidKeys(env),
      serviceHosts: list(env.PUSH_SERVICE_HOSTS) ?? DEFAULT_PUSH_SERVICE_HOSTS,
      tickMs: positive(env.PUSH_TICK_MS, 5000, 'PUSH_TICK_MS'),
      leaseMs: positive(env.PUSH_LEASE_MS, 60_000, 'PUSH_LEASE_MS'),
      lookbackMs: integer(env.PUSH_LOOKBACK_MS, 10 * 60_000, 'PUSH_LOOKBACK_MS'),
      retryMs: positive(env.PUSH_RETRY_MS, 10_000, 'PUSH_RETRY_MS'),
    },
  };
}

/** `VAPID_PUBLIC_KEY` and `VAPID_PRIVATE_KEY`: both or neither, one P-256 pair. */
function vapidKeys(env: NodeJS.ProcessEnv): PushConfig['vapid'] {
  const publicKey = env.VAPID_PUBLIC_KEY || '';
  const privateKey = env.VAPID_PRIVATE_KEY || '';
  if (publicKey === '' && privateKey === '') return undefined;
  let derived: string | undefined;
  try {
    const ecdh = createECDH('prime256v1');
    const scalar = Buffer.from(privateKey, 'base64url');
    if (scalar.length !== 32) throw new RangeError('not 32 bytes');
    ecdh.setPrivateKey(scalar);
    derived = ecdh.getPublicKey().toString('base64url');
  } catch {
    derived = undefined;
  }
  if (derived === undefined || derived !== publicKey.replace(/=+$/, '')) {
    throw new ConfigError(
      'VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY must be set together, as one P-256 key pair in base64url (`npm start` generates one; so does `npx web-push generate-vapid-keys`).',
    );
  }
  const subject = env.VAPID_SUBJECT || 'mailto:push@tagtime.invalid';
  if (!/^(mailto:|https:)/.test(subject)) {
    throw new ConfigError(
      `VAPID_SUBJECT must be a mailto: or https: contact, got ${JSON.stringify(subject)}.`,
    );
  }
  return { publicKey: derived, privateKey, subject };
}

function list(text: string | undefined): string[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  return text
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '');
}

/** A public default service credential would let anyone read every log through the admin API. */
function checkProductionAdminToken(token: string): void {
  if (token === '') {
    throw new ConfigError(
      'ADMIN_TOKEN must be set when NODE_ENV=production (a long random secret shared with the console); the server has no default secret in production.',
    );
  }
  if (token === DEFAULT_ADMIN_TOKEN || token.length < MIN_ADMIN_TOKEN_LENGTH) {
    throw new ConfigError(
      `ADMIN_TOKEN must be a random secret of at least ${MIN_ADMIN_TOKEN_LENGTH} characters, not the development default, when NODE_ENV=production.`,
    );
  }
}

function oneOf<T extends string>(
  text: string | undefined,
  values: readonly T[],
  fallback: T,
  name: string,
): T {
  if (text === undefined || text === '') return fallback;
  if ((values as readonly string[]).includes(text)) return text as T;
  throw new ConfigError(
    `${name} must be one of ${values.join(', ')}, got ${JSON.stringify(text)}.`,
  );
}

/** `CONSOLE_ORIGIN`: each entry an origin (scheme, host, port), nothing after it. */
function origins(text: string | undefined, fallback: string[]): string[] {
  if (text === undefined || text.trim() === '') return fallback;
  return text.split(',').map((entry) => {
    const trimmed = entry.trim().replace(/\/$/, '');
    let origin: string | undefined;
    try {
      origin = new URL(trimmed).origin;
    } catch {
      origin = undefined;
    }
    if (origin !== trimmed || !/^https?:/.test(trimmed)) {
      throw new ConfigError(
        `CONSOLE_ORIGIN must list origins like https://console.example.com (no path), got ${JSON.stringify(entry.trim())}.`,
      );
    }
    return origin;
  });
}

function positive(text: string | undefined, fallback: number, name: string): number {
  const value = integer(text, fallback, name);
  if (value === 0) throw new ConfigError(`${name} must be at least 1.`);
  return value;
}

function integer(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ConfigError(`${name} must be a whole number ≥ 0, got ${JSON.stringify(text)}.`);
  }
  return value;
}

/** The lines printed at start: where the server listens and what it runs on, no secrets. */
export function describeConfig(config: ServerConfig, url: string): string[] {
  return [
    `tagtime server listening on ${url}`,
    `  DATA_DIR      ${config.dataDir}`,
    `  DATABASE_URL  ${redactUrl(config.databaseUrl)}`,
    `  NATS_URL      ${config.natsUrl ?? '(unset: notifications stay in this process)'}`,
    `  WORKERS       ${config.workers}`,
    config.adminTokenIsDefault
      ? `  ADMIN_TOKEN   (unset: using the development default "${DEFAULT_ADMIN_TOKEN}")`
      : '  ADMIN_TOKEN   (set)',
    `  CONSOLE_ORIGIN ${config.corsOrigins.join(', ') || '(unset: no browser may call the device API)'}`,
    config.push.vapid
      ? `  WEB PUSH      on (VAPID ${config.push.vapid.publicKey.slice(0, 12)}…, to ${config.push.serviceHosts.join(', ')})`
      : '  WEB PUSH      off (VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY unset)',
    `  OpenAPI       ${url}/openapi.json`,
  ];
}

function redactUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unparsable)';
  }
}
