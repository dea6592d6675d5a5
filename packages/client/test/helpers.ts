import type { LogRecord } from '@tagtime/log';

/** A record of about `bytes` bytes (an event with padding). */
export function padded(device: string, t: number, bytes: number): LogRecord {
  return { device, t, kind: 'event', body: { name: 'pad', data: 'x'.repeat(bytes) } };
}

export interface Call {
  method: string;
  url: string;
  body: unknown;
  headers: Record<string, string>;
}

/** A fetch that records calls and answers each with `respond`, as JSON. */
export function scriptedFetch(
  respond: (call: Call, index: number) => { status: number; json: unknown } | Error,
) {
  const calls: Call[] = [];
  const fetch = async (url: string, init?: RequestInit): Promise<Response> => {
    const call: Call = {
      method: init?.method ?? 'GET',
      url,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      headers: (init?.headers ?? {}) as Record<string, string>,
    };
    calls.push(call);
    const answer = respond(call, calls.length - 1);
    if (answer instanceof Error) throw answer;
    return new Response(JSON.stringify(answer.json), {
      status: answer.status,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { fetch, calls };
}
