import 'server-only';
import { DEV_SERVICE_TOKEN } from '@tagtime/db';

/** The log server and the console's service credential (the server's ADMIN_TOKEN). */
const LOG_SERVER_URL = (process.env.LOG_SERVER_URL ?? 'http://127.0.0.1:8787').replace(/\/$/, '');
const SERVICE_TOKEN = process.env.ADMIN_TOKEN || DEV_SERVICE_TOKEN;

/**
 * The last `t` of each of the user's device logs, or undefined when the log server cannot be
 * reached in two seconds: pages show what they have rather than fail.
 */
export async function fetchHeads(userId: string): Promise<Record<string, number> | undefined> {
  try {
    const response = await fetch(
      `${LOG_SERVER_URL}/service/v1/users/${encodeURIComponent(userId)}/heads`,
      {
        headers: { authorization: `Bearer ${SERVICE_TOKEN}` },
        signal: AbortSignal.timeout(2000),
        cache: 'no-store',
      },
    );
    if (!response.ok) return undefined;
    const body = (await response.json()) as { heads?: Record<string, number> };
    return body.heads;
  } catch {
    return undefined;
  }
}
