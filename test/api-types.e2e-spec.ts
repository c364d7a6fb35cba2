import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AppModule } from '../src/app.module.js';
import { API_TYPES_FILE, renderApiTypes } from '../src/openapi/api-types.js';
import { describeApi } from '../src/openapi/openapi-document.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/** The first line where two texts differ, to say where without printing 5,000 lines. */
function firstDifference(expected: string, actual: string): string | null {
  if (expected === actual) return null;
  const a = expected.split('\n');
  const b = actual.split('\n');
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line === -1 ? a.length : line;
  return `line ${at + 1}: the server gives ${JSON.stringify(a[at] ?? '(end of file)')}, the checked-in file has ${JSON.stringify(b[at] ?? '(end of file)')}`;
}

/**
 * Issue 16: the web client's API types are generated from the OpenAPI document. The checked-in file
 * must be exactly what `npm run api:types` makes of the document the running server serves.
 */
describe('generated web API types', () => {
  let t: TestApp;
  let served: object;
  beforeAll(async () => {
    t = await createTestApp();
    served = (await t.http().get('/api/docs-json').expect(200)).body as object;
  });
  afterAll(() => t.close());

  it('are what the server serves at /api/docs-json', async () => {
    const expected = await renderApiTypes(served);
    const checkedIn = await readFile(API_TYPES_FILE, 'utf8');
    const difference = firstDifference(expected, checkedIn);
    if (difference) throw new Error(`${API_TYPES_FILE} is out of date with the server's OpenAPI document (${difference}): run npm run api:types`);
    expect(checkedIn).toContain('export interface components');
  });

  it('have one schema per DTO: no two documented classes share a name (the document would keep only one)', async () => {
    const seen = new Map<string, string[]>();
    for (const entry of await readdir('src', { withFileTypes: true, recursive: true })) {
      const file = path.join(entry.parentPath, entry.name);
      if (!entry.isFile() || !file.endsWith('.ts') || file.startsWith(path.join('src', 'web'))) continue;
      const source = await readFile(file, 'utf8');
      if (!source.includes("from '@nestjs/swagger'")) continue;
      for (const [, name] of source.matchAll(/^(?:export )?class (\w+)/gm)) seen.set(name, [...(seen.get(name) ?? []), file]);
    }
    expect(seen.size).toBeGreaterThan(100);
    expect([...seen].filter(([, files]) => files.length > 1)).toEqual([]);
  });

  it('come from the same document without a database (the preview build npm run api:types uses)', async () => {
    const app = await NestFactory.create(AppModule.forRoot(t.config, 'postgres://unused@127.0.0.1:1/unused'), new FastifyAdapter(), { preview: true, logger: false });
    const document = JSON.parse(JSON.stringify(describeApi(app))) as object;
    expect(document).toEqual(served);
  });
});
