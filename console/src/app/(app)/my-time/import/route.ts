import { parseTagTimeLog, type TagTimeLine, TagTimeLogError, tagTimeImport } from '@tagtime/log';
import { z } from 'zod';
import { errorResponse, withUserRoute } from '@/lib/guards/route-guards';
import { LogServerError } from '@/lib/log-server';
import { appendAsConsole, readMyView } from '@/lib/my-log';
import { MAX_IMPORT_BYTES } from '../schema';

/** How many bad lines an answer lists (the count says how many there are in all). */
const MAX_LISTED = 200;

/**
 * Imports an original TagTime log (the file's text as the body): refused whole, with every bad
 * line numbered, when a line is bad; otherwise the lines that add something (see
 * tagTimeImport: importing twice changes nothing) become answers of the console device.
 * The answer is a stream of JSON lines saying how far it got, for the progress bar:
 * `{ phase: "start", lines, fresh }`, `{ phase: "progress", done, total }`,
 * `{ phase: "done", imported, kept }` or `{ phase: "error", message }`.
 */
export const POST = withUserRoute(z.object({}), async (request, _query, { user }) => {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_IMPORT_BYTES) {
    return errorResponse(
      413,
      'too_large',
      `A TagTime log may be at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`,
    );
  }
  const text = await request.text();
  if (text.length > MAX_IMPORT_BYTES) {
    return errorResponse(
      413,
      'too_large',
      `A TagTime log may be at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`,
    );
  }
  let lines: TagTimeLine[];
  try {
    lines = parseTagTimeLog(text);
  } catch (error) {
    if (!(error instanceof TagTimeLogError)) throw error;
    const n = error.errors.length;
    return Response.json(
      {
        error: {
          code: 'invalid_log',
          message: `The file has ${n} bad line${n === 1 ? '' : 's'}; nothing was imported.`,
          count: n,
          lines: error.errors.slice(0, MAX_LISTED),
        },
      },
      { status: 400 },
    );
  }
  if (lines.length === 0) {
    return errorResponse(400, 'empty_log', 'The file holds no pings.');
  }
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: object) =>
        controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
      try {
        const view = await readMyView(user);
        const { drafts, kept } = tagTimeImport(view, lines);
        send({ phase: 'start', lines: lines.length, fresh: drafts.length });
        const { accepted } = await appendAsConsole(user, drafts, (done) =>
          send({ phase: 'progress', done, total: drafts.length }),
        );
        send({ phase: 'done', imported: accepted, kept });
      } catch (error) {
        if (!(error instanceof LogServerError)) throw error;
        send({ phase: 'error', message: error.message });
      } finally {
        controller.close();
      }
    },
  });
  return new Response(body, {
    headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' },
  });
});
