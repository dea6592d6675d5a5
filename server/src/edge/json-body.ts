import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.js';

/**
 * Deepest nesting of arrays and objects a body may have. A valid batch stays under 40 (4 levels
 * of envelope, JSON values in bodies nest at most 33: see @tagtime/log's json-value.ts); deep
 * bodies are refused before JSON.parse, whose cost grows with nesting: a deeply nested body was a denial of service.
 */
export const MAX_JSON_DEPTH = 64;

/** Whether `text` (JSON or not) opens more than `limit` arrays/objects at once, outside strings. */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // Jump to the closing quote: one that is not escaped by an odd run of backslashes.
      let end = i;
      for (;;) {
        end = text.indexOf('"', end + 1);
        if (end < 0) return false; // unterminated: JSON.parse refuses it
        let slashes = 0;
        while (text.charCodeAt(end - 1 - slashes) === 0x5c) slashes++;
        if (slashes % 2 === 0) break;
      }
      i = end;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > limit) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return false;
}

/** A scan of a body's bytes that already followed its nesting (an append's batch scan). */
export interface DepthScan {
  /** Whether the body opened more than MAX_JSON_DEPTH arrays/objects at once. */
  readonly tooDeep: boolean;
}

const depthScans = new WeakMap<FastifyRequest, DepthScan>();

/** The parser takes `scan`'s word on the body's depth instead of reading it a second time. */
export function useDepthScan(request: FastifyRequest, scan: DepthScan): void {
  depthScans.set(request, scan);
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The `charset` parameter of a Content-Type, lower-cased, or undefined. */
function charsetOf(contentType: string | undefined): string | undefined {
  const match =
    contentType === undefined ? null : /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType);
  return match?.[1]?.toLowerCase();
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return (
    request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
  );
}

/**
 * The JSON body parser of every route: UTF-8 only (another charset, or a Content-Encoding the
 * server does not decode, is a 415 before the body is read, not silently mangled bytes),
 * invalid UTF-8 and excessive nesting are 400s, then Fastify's own parser (which also refuses
 * `__proto__` poisoning).
 */
async function jsonBody(app: FastifyInstance): Promise<void> {
  app.addHook('preParsing', async (request, _reply, payload) => {
    if (!hasBody(request)) return payload;
    const encoding = request.headers['content-encoding']?.trim().toLowerCase();
    if (encoding !== undefined && encoding !== '' && encoding !== 'identity') {
      throw new AppError(
        'unsupported_media_type',
        `This server does not decode Content-Encoding ${JSON.stringify(encoding.slice(0, 40))}; send the body uncompressed.`,
      );
    }
    const charset = charsetOf(request.headers['content-type']);
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      throw new AppError(
        'unsupported_media_type',
        `Send JSON in UTF-8; charset ${JSON.stringify(charset.slice(0, 40))} is not supported.`,
      );
    }
    return payload;
  });

  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      done(new AppError('invalid_json', 'The body is not valid UTF-8.'), undefined);
      return;
    }
    const scan = depthScans.get(request);
    if (scan ? scan.tooDeep : nestsDeeperThan(text, MAX_JSON_DEPTH)) {
      done(
        new AppError('invalid_json', `The body nests deeper than ${MAX_JSON_DEPTH} levels.`),
        undefined,
      );
      return;
    }
    parse(request, text, done);
  });
}

export default fp(jsonBody, { name: 'json-body' });
