import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';

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
export function serveWebClient(app: NestExpressApplication, dir: string | null = findWebClientDir()): boolean {
  if (!dir) {
    new Logger('WebClient').warn('No built web client found (run `npm run build`); serving the API only');
    return false;
  }
  const indexFile = path.join(dir, 'index.html');
  const assets = express.static(dir, {
    index: false,
    fallthrough: true,
    setHeaders(res, filePath) {
      res.setHeader('Cache-Control', filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isServerPath(req.path)) return next();
    assets(req, res, () => {
      if (path.posix.extname(req.path) !== '') return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(indexFile);
    });
  });
  return true;
}
