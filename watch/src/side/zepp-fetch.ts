import type { FetchLike } from '@tagtime/client';

/** The side service's `fetch`: an options object in, `{status, body}` out (body maybe parsed). */
export type ZeppFetch = (options: {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}) => Promise<{ status: number; statusText?: string; body?: unknown }>;

/**
 * Adapts the Zepp phone `fetch` to the WHATWG shape @tagtime/client calls. Some phones hand the
 * body back already parsed from JSON and others as a string; the client reads text either way.
 */
export function fetchFromZepp(zeppFetch: ZeppFetch): FetchLike {
  return async (input, init) => {
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries((init?.headers ?? {}) as Record<string, string>)) {
      headers[key] = value;
    }
    const answer = await zeppFetch({
      url: input,
      method: init?.method ?? 'GET',
      headers,
      ...(typeof init?.body === 'string' ? { body: init.body } : {}),
    });
    const text =
      typeof answer.body === 'string'
        ? answer.body
        : answer.body === undefined || answer.body === null
          ? ''
          : JSON.stringify(answer.body);
    const status = Number(answer.status);
    const response = {
      status,
      ok: status >= 200 && status < 300,
      statusText: answer.statusText ?? '',
      text: async () => text,
      json: async () => JSON.parse(text) as unknown,
    };
    return response as unknown as Response;
  };
}
