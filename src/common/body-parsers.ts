import type { FastifyInstance } from 'fastify';
import { InputErrors, jsonTooDeep } from './input-guard.js';

/** A body that could not be read: the exception filter answers it with a stable code, never the parser's text. */
export class RequestReadError extends Error {
  constructor(readonly status: number, readonly code: 'malformed_json' | 'unsupported_encoding') {
    super(code);
  }
}

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)/i;

/**
 * A JSON request body: UTF-8 unless the Content-Type names another UTF (415 otherwise), an object or
 * an array at the top (strict), at most {@link MAX_JSON_DEPTH} levels deep, counted on the raw text
 * before `JSON.parse` sees it (400 `too_deep`). An empty body is `{}`.
 */
export function parseJsonBody(body: Buffer, contentType: string | undefined): unknown {
  const charset = CHARSET.exec(contentType ?? '')?.[1]?.toLowerCase() ?? 'utf-8';
  if (!charset.startsWith('utf-')) throw new RequestReadError(415, 'unsupported_encoding');
  let text: string;
  try {
    text = charset === 'utf-8' ? body.toString('utf8') : new TextDecoder(charset).decode(body);
  } catch {
    throw new RequestReadError(415, 'unsupported_encoding');
  }
  if (text.length === 0) return {};
  if (jsonTooDeep(text)) throw InputErrors.tooDeep();
  const first = /\S/.exec(text)?.[0];
  if (first !== '{' && first !== '[') throw new RequestReadError(400, 'malformed_json');
  try {
    return JSON.parse(text);
  } catch {
    throw new RequestReadError(400, 'malformed_json');
  }
}

/**
 * JSON is read (up to `limit` bytes, 413 beyond) and parsed by {@link parseJsonBody}. Every other type
 * is left unread: the raw uploads (OpenPGP messages) stream the request themselves, and a route that
 * wants JSON refuses a missing body through its validation, naming the fields.
 */
export function registerBodyParsers(fastify: FastifyInstance, limit: number): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: limit }, (request, body, done) => {
    try {
      done(null, parseJsonBody(body as Buffer, request.headers['content-type']));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
}
