import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { createTestApp, type TestApp } from './helpers/test-app.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** An `/api/...` address in the web client: `{}` for each `${...}`, the query cut off. */
interface Use {
  path: string;
  /** The method of an `api()`/`download()` call; null for any other address (a link, a prop) or a method only known at run time. */
  method: Method | null;
  at: string;
}

/** The address a literal or template spells, or null when it is not an `/api/` address. */
function addressOf(node: ts.Node): string | null {
  let text: string;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
  else if (ts.isTemplateExpression(node)) text = node.head.text + node.templateSpans.map((span) => `{}${span.literal.text}`).join('');
  else return null;
  if (!text.startsWith('/api/')) return null;
  const query = text.indexOf('?');
  return query === -1 ? text : text.slice(0, query);
}

/** The values an expression can take when it is a literal or `cond ? a : b` of literals; null otherwise. */
function alternatives<T>(node: ts.Expression, read: (n: ts.Node) => T | null): { condition: string | null; values: T[] } | null {
  if (ts.isParenthesizedExpression(node)) return alternatives(node.expression, read);
  if (ts.isConditionalExpression(node)) {
    const a = read(node.whenTrue);
    const b = read(node.whenFalse);
    return a !== null && b !== null ? { condition: node.condition.getText(), values: [a, b] } : null;
  }
  const single = read(node);
  return single === null ? null : { condition: null, values: [single] };
}

function methodOf(node: ts.Node): Method | null {
  return ts.isStringLiteral(node) && ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(node.text) ? (node.text as Method) : null;
}

/**
 * Every `/api/...` address in the web client's sources, read with the TypeScript parser: for the
 * calls through `api()` and `download()` also the HTTP method (a `cond ? 'PATCH' : 'POST'` paired
 * with a `cond ? a : b` path on the same condition).
 */
async function clientUses(dir: string): Promise<Use[]> {
  const uses: Use[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name) || /\.(gen|typecheck)\.ts$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    const source = ts.createSourceFile(file, await readFile(file, 'utf8'), ts.ScriptTarget.Latest, true, entry.name.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const where = (node: ts.Node) => `${path.relative(process.cwd(), file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const inCall = new Set<ts.Node>();
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && ['api', 'download'].includes(node.expression.text) && node.arguments[0]) {
        const paths = alternatives(node.arguments[0], addressOf);
        if (paths) {
          let methods: { condition: string | null; values: (Method | null)[] } = { condition: null, values: ['GET'] };
          const options = node.arguments[1];
          if (node.expression.text === 'api' && options) {
            const property = ts.isObjectLiteralExpression(options)
              ? options.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === 'method')
              : undefined;
            if (!ts.isObjectLiteralExpression(options)) methods = { condition: null, values: [null] };
            else if (property) methods = alternatives(property.initializer, methodOf) ?? { condition: null, values: [null] };
          }
          const paired = paths.condition !== null && paths.condition === methods.condition;
          paths.values.forEach((p, i) => {
            for (const method of paired ? [methods.values[i]] : methods.values) uses.push({ path: p, method, at: where(node) });
          });
          inCall.add(node.arguments[0]);
        }
      }
      if (!inCall.has(node) && !ts.isLiteralTypeNode(node.parent ?? node)) {
        const address = addressOf(node);
        if (address) uses.push({ path: address, method: null, at: where(node) });
      }
      if (inCall.has(node) && ts.isConditionalExpression(node)) return;
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return uses;
}

function sameRoute(client: string, server: string): boolean {
  const a = client.split('/');
  const b = server.split('/');
  return a.length === b.length && a.every((segment, i) => segment === b[i] || (segment === '{}' && b[i].startsWith('{') && b[i].endsWith('}')));
}

/**
 * The web client against the OpenAPI document the server serves. The compiler already refuses an
 * `api()` or `download()` call to an undocumented path (src/web/api/client.ts types the path from
 * the generated document, test/api-types.e2e-spec.ts keeps that document current); this test adds
 * what the types cannot see: the method of each call, and addresses outside those calls (links).
 */
describe('web client against the OpenAPI document', () => {
  let t: TestApp;
  let routes: { path: string; methods: Set<string> }[];
  let uses: Use[];
  beforeAll(async () => {
    t = await createTestApp();
    const document = (await t.http().get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(document.paths).map(([p, item]) => ({ path: p, methods: new Set(Object.keys(item).map((m) => m.toUpperCase())) }));
    uses = await clientUses(path.resolve('src/web'));
  });
  afterAll(() => t.close());

  it('uses only routes the server documents', () => {
    expect(uses.length).toBeGreaterThan(40);
    const unknown = uses.filter((u) => !routes.some((r) => sameRoute(u.path, r.path))).map((u) => `${u.path} (${u.at})`);
    expect(unknown).toEqual([]);
  });

  it('calls each route with a method the server documents for it', () => {
    const calls = uses.filter((u): u is Use & { method: Method } => u.method !== null);
    expect(calls.filter((c) => c.method !== 'GET').length).toBeGreaterThan(20);
    const wrong = calls
      .filter((c) => !routes.some((r) => sameRoute(c.path, r.path) && r.methods.has(c.method)))
      .map((c) => `${c.method} ${c.path} (${c.at})`);
    expect(wrong).toEqual([]);
  });
});
