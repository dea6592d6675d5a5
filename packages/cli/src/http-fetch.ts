import type { IncomingMessage, RequestOptions } from 'node:http';
import type { FetchLike } from '@tagtime/client';

/**
 * The part of a fetch `Response` the sync client reads of an answer (status and body text).
 * Node's own `Response` is not made: touching it loads `fetch` itself.
 */
class HttpAnswer {
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };

  constructor(
    readonly status: number,
    received: IncomingMessage['headers'],
    readonly body: string,
  ) {
    this.ok = status >= 200 && status < 300;
    this.headers = {
      get: (name) => {
        const value = received[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    };
  }

  async text(): Promise<string> {
    return this.body;
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.body);
  }
}

/**
 * `fetch` for the CLI's requests to the log server, over `node:http` (or `node:https`): Node's
 * `fetch` (undici, with its WebAssembly HTTP parser) costs about 0.3 s of CPU to load in each
 * process, several times a whole short command such as `tagtime answer` (see bench/RESULTS.md);
 * `node:http` costs a few milliseconds. It reads the whole answer, so it is for requests, not for
 * the event stream (`tagtime run` follows that with `fetch`). A server that does not answer
 * within `timeoutMs` counts as unreachable, as a network failure does: the error's `cause` says
 * why (`ECONNREFUSED`, `ETIMEDOUT`), as `fetch`'s does.
 */
export function httpFetch(timeoutMs: number): FetchLike {
  return async (input, init = {}) => {
    const url = new URL(input);
    const { request } =
      url.protocol === 'https:' ? await import('node:https') : await import('node:http');
    const headers = { ...(init.headers as Record<string, string> | undefined) };
    const body = typeof init.body === 'string' ? init.body : undefined;
    if (init.body != null && body === undefined) {
      throw new TypeError('httpFetch sends string bodies only');
    }
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const options: RequestOptions = { method: init.method ?? 'GET', headers };
    const answer = await new Promise<HttpAnswer>((resolve, reject) => {
      const failed = (error: Error) => reject(new TypeError('request failed', { cause: error }));
      const req = request(url, options, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', failed);
        response.on('end', () =>
          resolve(
            new HttpAnswer(
              response.statusCode ?? 0,
              response.headers,
              Buffer.concat(chunks).toString('utf8'),
            ),
          ),
        );
      });
      req.setTimeout(timeoutMs, () => {
        const error = Object.assign(new Error(`no answer within ${timeoutMs / 1000} s`), {
          code: 'ETIMEDOUT',
        });
        req.destroy(error);
      });
      req.on('error', failed);
      req.end(body);
    });
    // The client reads only what HttpAnswer has (status, ok, text, headers.get).
    return answer as unknown as Response;
  };
}
