import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Logger, NotFoundException } from '@nestjs/common';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { pathOf } from '../common/url-path.js';

/** The route of the client's own paths (`/cases/…`, `/login`): everything the server has no route for. */
export const WEB_CLIENT_ROUTE = '/*';

/** Paths the browser client never answers: the API, sockets, probes and well-known documents. */
const SERVER_PREFIXES = ['/api', '/socket.io', '/health', '/metrics', '/.well-known'];

export function isServerPath(urlPath: string): boolean {
  return SERVER_PREFIXES.some((prefix) => urlPath === prefix || urlPath.startsWith(`${prefix}/`));
}

/** Where `vite build` put the client: dist/web, seen from dist/src/web-host (build) or src/web-host (tests). */
export function findWebClientDir(): string | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [path.resolve(here, '../../web'), path.resolve(here, '../../dist/web')]) {
    if (existsSync(path.join(candidate, 'index.html'))) return candidate;
  }
  return null;
}

/**
 * Serves the built web client from the same origin as the API, with a single-page-app fallback:
 * any GET of a non-server path without a file extension answers index.html (the client routes).
 * Hashed assets are cached for a year; index.html is revalidated so a new release is seen at once.
 * No inline scripts: the strict Content-Security-Policy set by helmet stays as it is.
 */
export function serveWebClient(fastify: FastifyInstance, dir: string | null = findWebClientDir()): boolean {
  if (!dir) {
    new Logger('WebClient').warn('No built web client found (run `npm run build`); serving the API only');
    return false;
  }
  void fastify.register(fastifyStatic, {
    root: dir,
    index: false,
    // One route per file of the build, looked up like any other route (the build does not change while it runs).
    wildcard: false,
    setHeaders(reply, filePath) {
      reply.header('Cache-Control', filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  // Any other GET: the client's own routes answer index.html; server paths and missing files are a 404.
  fastify.get(WEB_CLIENT_ROUTE, (request, reply) => {
    const urlPath = pathOf(request.url);
    if (isServerPath(urlPath) || path.posix.extname(urlPath) !== '') throw new NotFoundException(`Cannot GET ${urlPath}`);
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
  });
  return true;
}
