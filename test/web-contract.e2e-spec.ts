import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/** Every `/api/...` path the web client calls, with `${...}` as a parameter and the query cut off. */
async function clientPaths(dir: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    const source = await readFile(file, 'utf8');
    for (const match of source.matchAll(/[`'"](\/api\/[^`'"]*)/g)) {
      let literal = match[1];
      // Cut the query string at the first '?' outside a ${...} expression.
      let depth = 0;
      for (let i = 0; i < literal.length; i++) {
        if (literal.startsWith('${', i)) depth++;
        else if (literal[i] === '}' && depth) depth--;
        else if (literal[i] === '?' && depth === 0) { literal = literal.slice(0, i); break; }
      }
      found.set(literal.replace(/\$\{[^}]*\}/g, '{}'), path.relative(process.cwd(), file));
    }
  }
  return found;
}

function sameRoute(client: string, server: string): boolean {
  const a = client.split('/');
  const b = server.split('/');
  return a.length === b.length && a.every((segment, i) => segment === b[i] || segment === '{}' || /^\{\w+\}$/.test(b[i]));
}

/** The typed client is checked against the OpenAPI document: no call to a route the server does not have. */
describe('web client against the OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(() => t.close());

  it('calls only routes the server documents', async () => {
    const document = (await t.http().get('/api/docs-json').expect(200)).body as { paths: Record<string, unknown> };
    const serverPaths = Object.keys(document.paths);
    const used = await clientPaths(path.resolve('src/web'));
    expect(used.size).toBeGreaterThan(20);
    const unknown = [...used].filter(([client]) => !serverPaths.some((server) => sameRoute(client, server))).map(([client, file]) => `${client} (${file})`);
    expect(unknown).toEqual([]);
  });
});
