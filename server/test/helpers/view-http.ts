import { request } from 'node:http';
import { foldLog, type LogRecord, type LogViewState, unpackViewState } from '@tagtime/log';
import { packedViewStateSchema } from '../../src/schemas.js';

interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/**
 * One request on a connection of its own (`agent: false`), so with WORKERS > 1 the cluster
 * hands successive requests to different workers.
 */
export function call(
  url: string,
  token: string,
  method: 'GET' | 'POST',
  body?: unknown,
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      url,
      {
        method,
        agent: false,
        headers: {
          authorization: `Bearer ${token}`,
          ...(text === undefined ? {} : { 'content-type': 'application/json' }),
        },
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          data += chunk;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(data) }),
        );
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

export async function appendOk(url: string, token: string, records: LogRecord[]): Promise<void> {
  const answer = await call(`${url}/v1/records`, token, 'POST', { records });
  if (answer.status !== 200) {
    throw new Error(`append answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
}

/** Every record of the user, pulled page by page through `GET /v1/records`. */
export async function pullAll(url: string, token: string): Promise<LogRecord[]> {
  const records: LogRecord[] = [];
  let after = '';
  for (;;) {
    const answer = await call(
      `${url}/v1/records?limit=1000&after=${encodeURIComponent(after)}`,
      token,
      'GET',
    );
    if (answer.status !== 200) throw new Error(`pull answered ${answer.status}`);
    const page = answer.body as { records: LogRecord[]; cursor: string; more: boolean };
    records.push(...page.records);
    after = page.cursor;
    if (!page.more) return records;
  }
}

export async function keptView(url: string, token: string): Promise<LogViewState> {
  const answer = await call(`${url}/v1/view`, token, 'GET');
  if (answer.status !== 200) throw new Error(`view answered ${answer.status}`);
  // As documented (the schema of the answer), and as a client reads it.
  const { view } = answer.body as { view: unknown };
  packedViewStateSchema.parse(view);
  return unpackViewState(view);
}

/** The view a fold of every record the server serves gives (days in UTC, as the server's). */
export async function foldOfPull(url: string, token: string): Promise<LogViewState> {
  return foldLog(await pullAll(url, token), { timeZone: 'UTC' }).state();
}
