import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { io, type Socket } from 'socket.io-client';
import { ROLES, type Role } from '../../src/accounts/roles.js';
import { matrixModules } from '../authorization/index.js';
import type { ForeignIds, RouteSpec } from '../authorization/route-spec.js';
import type { TestApp } from '../helpers/test-app.js';

/**
 * Property-based fuzzing of every route and socket event (issue 23). The routes come from the
 * OpenAPI document the app serves (/api/docs-json) joined with the authorization matrix's route list
 * (which knows the foreign world's ids and a valid body per route); the bodies are generated from
 * the DTO schemas in that document: valid, boundary and hostile values, sent as anonymous, as an
 * outsider (every role, in a team of its own) and as a member of the foreign world.
 *
 * Properties, for every request: never a 5xx; never a 2xx for an outsider on another family's ids;
 * every 4xx names a field (`field`/`fields`) or carries a `code`.
 */

/**
 * Input classes that still answer 500 and are being fixed by the input-hardening work (JSON deeper
 * than 32 levels, NUL and lone surrogates in text, `__proto__`/`constructor`/`prototype` keys).
 * `npm test` leaves them out until that work is merged; `npm run fuzz -- --pending` sends them.
 */
export type PendingClass = 'deep_json' | 'nul' | 'lone_surrogate' | 'magic_key';

export interface FuzzOptions {
  seed: number;
  /** Stop after this many requests (HTTP and socket together)... */
  numRuns?: number;
  /** ...or after this many milliseconds, whichever comes first. */
  timeLimitMs?: number;
  /** Hostile classes to send although they are known to fail (see PendingClass). */
  pending?: PendingClass[];
  /** Share of socket events among the generated requests (0..1). */
  socketShare?: number;
}

export interface Failure {
  property: 'no_5xx' | 'outsider_2xx' | 'unnamed_4xx';
  route: string;
  caller: string;
  status: number;
  classes: string[];
  request: string;
  response: string;
}

export interface FuzzFigures {
  seed: number;
  requests: number;
  socketEvents: number;
  routes: number;
  routesHit: number;
  byStatus: Record<string, number>;
  byCaller: Record<string, number>;
  failures: Failure[];
  durationMs: number;
}

type Json = unknown;
interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  nullable?: boolean;
}
interface OpenApiParameter { in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema?: Schema }
interface OpenApiOperation { parameters?: OpenApiParameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }
interface OpenApiDocument { paths: Record<string, Record<string, OpenApiOperation>>; components: { schemas: Record<string, Schema> } }

export interface FuzzRoute {
  method: string;
  /** Nest style, `/api/cases/:id`. */
  path: string;
  pathParams: string[];
  query: OpenApiParameter[];
  body?: Schema;
  binary: boolean;
  spec?: RouteSpec;
}

/** Every route of the OpenAPI document plus the matrix's list (routes without a document entry, e.g. /metrics). */
export function fuzzRoutes(doc: OpenApiDocument, specs: RouteSpec[]): FuzzRoute[] {
  const routes = new Map<string, FuzzRoute>();
  for (const [openApiPath, operations] of Object.entries(doc.paths)) {
    const path = openApiPath.replace(/\{(\w+)\}/g, ':$1');
    for (const [method, op] of Object.entries(operations)) {
      const content = op.requestBody?.content ?? {};
      const json = content['application/json']?.schema;
      const binary = Object.keys(content).some((c) => c !== 'application/json');
      const params = op.parameters ?? [];
      routes.set(`${method.toUpperCase()} ${path}`, {
        method: method.toUpperCase(), path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        query: params.filter((p) => p.in === 'query'),
        body: json, binary,
      });
    }
  }
  for (const spec of specs) {
    const key = `${spec.method} ${spec.path}`;
    const route = routes.get(key) ?? {
      method: spec.method, path: spec.path, pathParams: [...spec.path.matchAll(/:(\w+)/g)].map((m) => m[1]), query: [], binary: !!spec.raw,
    };
    route.spec = spec;
    routes.set(key, route);
  }
  return [...routes.values()];
}

// ---------------------------------------------------------------------------------------------
// Values

const CONTROL = ['\u0001', '\u0007', '\b', '\u001b', '\u007f', '\u0085', '\u2028', '\u202e', '\ufeff', '\r\n', '\t'];

/** Strings a careless parser, validator or SQL statement trips over. */
function hostileString(pending: Set<PendingClass>): fc.Arbitrary<{ value: string; classes: string[] }> {
  const plain = <T extends string>(a: fc.Arbitrary<T>, cls: string) => a.map((value) => ({ value: value as string, classes: [cls] }));
  const options: fc.Arbitrary<{ value: string; classes: string[] }>[] = [
    plain(fc.constantFrom('', ' ', '   ', 'null', 'undefined', 'NaN', '0', '-1', 'true', '[]', '{}'), 'odd_string'),
    plain(fc.constantFrom('not-a-uuid', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ', `${randomUUID()}x`, randomUUID().toUpperCase(), '../../etc/passwd', '%00', '%2e%2e%2f'), 'bad_id'),
    plain(fc.constantFrom('0000-00-00', '9999-99-99', '+275760-09-13T00:00:00.001Z', '-271821-04-19T00:00:00.000Z', '2026-02-30', '1900-13-01', '2026-13', '0001-01', '99999-01', 'T', '2026-12-05T25:61:61Z'), 'bad_date'),
    plain(fc.constantFrom("' OR 1=1 --", '"; DROP TABLE app_user; --', '$1', '\\', '%', '_', '\\x00', '<script>alert(1)</script>', '${7*7}', '{{7*7}}'), 'injection'),
    fc.array(fc.constantFrom(...CONTROL), { minLength: 1, maxLength: 5 }).chain((cs) => fc.string({ maxLength: 20 }).map((s) => ({ value: `${s}${cs.join('')}${s}`, classes: ['control_chars'] }))),
    plain(fc.constantFrom('\u{1F600}'.repeat(30), 'é'.repeat(40), '\u0301'.repeat(50), 'ß'.repeat(10), '\u{10FFFF}'), 'unicode'),
    fc.integer({ min: 1, max: 4 }).map((n) => ({ value: 'x'.repeat([257, 5_001, 20_001, 70_000][n - 1]), classes: ['huge_string'] })),
  ];
  if (pending.has('nul')) options.push(plain(fc.constantFrom('\u0000', 'a\u0000b', 'x'.repeat(10) + '\u0000'), 'nul'));
  if (pending.has('lone_surrogate')) options.push(plain(fc.constantFrom('\ud800', 'a\udc00b', '\udfff\ud800'), 'lone_surrogate'));
  return fc.oneof(...options);
}

interface Generated { value: Json; classes: string[] }

function resolve(doc: OpenApiDocument, schema: Schema | undefined): Schema {
  if (!schema) return {};
  if (schema.$ref) return resolve(doc, doc.components.schemas[schema.$ref.split('/').pop()!]);
  if (schema.allOf?.length === 1) return resolve(doc, schema.allOf[0]);
  return schema;
}

/** A value that obeys the schema, boundaries included (empty/maximal strings, limits of numbers). */
function validArb(doc: OpenApiDocument, raw: Schema | undefined, depth = 0): fc.Arbitrary<Json> {
  const schema = resolve(doc, raw);
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => validArb(doc, s, depth + 1)));
  switch (schema.type) {
    case 'string': {
      if (schema.format === 'uuid') return fc.uuid();
      if (schema.format === 'date-time') return fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      if (schema.format === 'date') return fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
      if (schema.format === 'email') return fc.emailAddress();
      if (schema.pattern) {
        try {
          return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= (schema.maxLength ?? 1000));
        } catch {
          // a pattern fast-check cannot generate from: fall through
        }
      }
      const min = schema.minLength ?? 0;
      const max = Math.min(schema.maxLength ?? 200, 70_000);
      return fc.oneof(
        fc.string({ minLength: min, maxLength: Math.min(max, Math.max(min, 40)) }),
        fc.constant('x'.repeat(max)),
        fc.constant('y'.repeat(min)),
        fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.min(max, Math.max(min, 12)) }),
      );
    }
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? -1e6;
      const max = schema.maximum ?? 1e6;
      return fc.oneof(fc.integer({ min: Math.ceil(Math.max(min, -(2 ** 31))), max: Math.floor(Math.min(max, 2 ** 31)) }), fc.constantFrom(min, max));
    }
    case 'boolean':
      return fc.boolean();
    case 'array': {
      if (depth > 4) return fc.constant([]);
      return fc.array(validArb(doc, schema.items, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, 4) });
    }
    case 'object':
    default: {
      if (!schema.properties || depth > 4) return fc.constant({});
      const required = new Set(schema.required ?? []);
      const entries = Object.entries(schema.properties);
      return fc.record(Object.fromEntries(entries.map(([k, s]) => [k, validArb(doc, s, depth + 1)])), {
        requiredKeys: entries.map(([k]) => k).filter((k) => required.has(k)),
      });
    }
  }
}

function nest(depth: number, leaf: Json, asArray: boolean): Json {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
  return value;
}

/** A wrong or hostile value for one field: another type, a hostile string, a deep structure. */
function hostileValue(pending: Set<PendingClass>): fc.Arbitrary<Generated> {
  // Up to 32 levels answer 400 today; deeper ones are the pending `deep_json` class.
  const maxDepth = pending.has('deep_json') ? 300 : 30; // deeper still: the raw bodies of bodyArb
  return fc.oneof(
    hostileString(pending),
    fc.constantFrom<Json>(null, true, false, 0, -1, 1.5, -0, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e308, -1e308, 5e-324, [], {}, [null], ['a', 1], { a: 1 })
      .map((value) => ({ value, classes: ['wrong_type'] })),
    fc.tuple(fc.integer({ min: 2, max: maxDepth }), fc.boolean()).map(([d, arr]) => ({ value: nest(d, 'x', arr), classes: [d > 32 ? 'deep_json' : 'nested'] })),
    fc.array(fc.uuid(), { minLength: 200, maxLength: 400 }).map((value) => ({ value, classes: ['long_array'] })),
  );
}

const MAGIC_KEYS = ['__proto__', 'constructor', 'prototype'];

/** A JSON body for the route: a valid one, one with a mutated field, an unknown or magic key, a missing field, or no object at all. */
function bodyArb(doc: OpenApiDocument, route: FuzzRoute, foreign: ForeignIds, pending: Set<PendingClass>): fc.Arbitrary<{ body: Json | undefined; raw?: string; classes: string[] }> {
  const schema = resolve(doc, route.body);
  const valid = route.body ? validArb(doc, route.body) : fc.constant({});
  const fields = Object.keys(schema.properties ?? {});
  const matrixBody = route.spec?.body ? () => route.spec!.body!(foreign, 'counsellor') : undefined;
  const options: fc.Arbitrary<{ body: Json | undefined; raw?: string; classes: string[] }>[] = [
    valid.map((body) => ({ body, classes: ['valid'] })),
    fc.tuple(valid, fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !fields.includes(k) && !MAGIC_KEYS.includes(k)), hostileValue(pending))
      .map(([body, key, extra]) => ({ body: { ...(body as object), [key]: extra.value }, classes: ['unknown_key', ...extra.classes] })),
    fc.constantFrom<Json>(null, 'text', 42, true, [], [{}])
      .map((body) => ({ body, classes: ['not_an_object'] })),
    fc.constantFrom('{', '{"a":', '[1,2', '{"a":1}}', '\u0000', 'null', '"str"', '{"a":1,"a":2}', '{"a":"\\u00"}')
      .map((raw) => ({ body: undefined, raw, classes: ['malformed_json'] })),
  ];
  if (matrixBody) options.push(fc.constant(null).map(() => ({ body: matrixBody(), classes: ['matrix_valid'] })));
  if (fields.length) {
    options.push(fc.tuple(valid, fc.constantFrom(...fields), hostileValue(pending))
      .map(([body, field, bad]) => ({ body: { ...(body as object), [field]: bad.value }, classes: ['bad_field', ...bad.classes] })));
    options.push(fc.tuple(valid, fc.constantFrom(...fields)).map(([body, field]) => {
      const copy = { ...(body as Record<string, unknown>) };
      delete copy[field];
      return { body: copy, classes: ['missing_field'] };
    }));
  }
  if (pending.has('magic_key')) {
    options.push(fc.tuple(valid, fc.constantFrom(...MAGIC_KEYS)).map(([body, key]) => ({
      body: undefined, raw: JSON.stringify(body).replace(/^\{/, `{"${key}":{"isAdmin":true},`).replace(/,\}$/, '}'), classes: ['magic_key'],
    })));
  }
  if (pending.has('deep_json')) {
    options.push(fc.integer({ min: 33, max: 20_000 }).map((d) => ({ body: undefined, raw: '['.repeat(d) + ']'.repeat(d), classes: ['deep_json'] })));
  }
  return fc.oneof(...options);
}

/** A path parameter: the foreign world's id, a random UUID, or something that is no id at all. */
function paramArb(name: string, route: FuzzRoute, foreign: ForeignIds, pending: Set<PendingClass>): fc.Arbitrary<{ value: string; foreign: boolean; classes: string[]; raw?: boolean }> {
  const foreignValue = route.spec?.params?.(foreign)[name];
  const options: fc.Arbitrary<{ value: string; foreign: boolean; classes: string[]; raw?: boolean }>[] = [
    // Sent as is: percent-encoding that is no UTF-8, or no percent-encoding at all.
    fc.constantFrom('%ED%A0%80', '%FF', '%C3%28', '%', '%zz', '%00', '%2F..%2F').map((value) => ({ value, foreign: false, classes: ['bad_percent_encoding'], raw: true })),
    fc.uuid().map((value) => ({ value, foreign: false, classes: ['unknown_id'] })),
    hostileString(pending).filter((h) => h.value.length < 5_000).map((h) => ({ value: h.value, foreign: false, classes: h.classes })),
  ];
  if (foreignValue) options.unshift(fc.constant({ value: foreignValue, foreign: true, classes: ['foreign_id'] }), fc.constant({ value: foreignValue, foreign: true, classes: ['foreign_id'] }));
  return fc.oneof(...options);
}

function queryArb(doc: OpenApiDocument, route: FuzzRoute, pending: Set<PendingClass>): fc.Arbitrary<{ query: [string, string][]; classes: string[] }> {
  if (!route.query.length) {
    return fc.oneof(fc.constant({ query: [] as [string, string][], classes: [] as string[] }), fc.constant({ query: [['unknown', '1']] as [string, string][], classes: ['unknown_query'] as string[] }));
  }
  const one = (p: OpenApiParameter) => fc.oneof(
    validArb(doc, p.schema).map((v) => ({ value: [v].flat().map(String), classes: [] as string[] })),
    hostileString(pending).filter((h) => h.value.length < 5_000).map((h) => ({ value: [h.value], classes: h.classes })),
    fc.constant({ value: ['a', 'b'], classes: ['repeated_query'] }),
  );
  return fc.tuple(...route.query.map((p) => fc.option(one(p), { nil: undefined }))).map((values) => {
    const query: [string, string][] = [];
    const classes: string[] = [];
    values.forEach((v, i) => {
      if (!v) return;
      for (const value of v.value) query.push([route.query[i].name, value]);
      classes.push(...v.classes);
    });
    return { query, classes };
  });
}

/** Bytes for the octet-stream routes: the matrix's valid OpenPGP material, a truncated or bit-flipped copy, or noise. */
function binaryArb(route: FuzzRoute): fc.Arbitrary<{ data: Buffer; classes: string[] }> {
  const valid = () => (route.spec?.raw?.data ? Buffer.from(route.spec.raw.data) : Buffer.alloc(0));
  return fc.oneof(
    fc.constant(null).map(() => ({ data: valid(), classes: ['valid'] })),
    fc.nat({ max: 200 }).map((cut) => ({ data: valid().subarray(0, Math.max(0, valid().length - cut - 1)), classes: ['truncated'] })),
    fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })).map(([at, x]) => {
      const copy = Buffer.from(valid());
      if (copy.length) copy[at % copy.length] ^= x;
      return { data: copy, classes: ['bit_flipped'] };
    }),
    fc.uint8Array({ maxLength: 512 }).map((bytes) => ({ data: Buffer.from(bytes), classes: ['noise'] })),
    fc.constant({ data: Buffer.alloc(0), classes: ['empty'] as string[] }),
  );
}

// ---------------------------------------------------------------------------------------------
// Callers and the run

export interface Caller { kind: 'anonymous' | 'outsider' | 'member'; role?: Role; userId?: string }

export interface FuzzWorld {
  foreign: ForeignIds;
  outsiders: Map<Role, string>;
  /** Users that take part in the foreign world (its parent, counsellor, thread members). */
  members: string[];
  doc: OpenApiDocument;
  routes: FuzzRoute[];
}

/** Builds the matrix's foreign world and one outsider per role (each in a team of their own). */
export async function buildWorld(t: TestApp): Promise<FuzzWorld> {
  let foreign: ForeignIds = {};
  for (const module of matrixModules) if (module.setup) foreign = { ...foreign, ...(await module.setup(t, foreign)) };
  const team = await t.factories.organisation('support_team', 'Fuzz team');
  const partnerOrg = await t.factories.organisation('youth_protection', 'Fuzz partner');
  const outsiders = new Map<Role, string>();
  for (const role of ROLES) {
    const organisationId = role === 'coordinator' || role === 'counsellor' ? team.id : role === 'partner' || role === 'expert' ? partnerOrg.id : null;
    outsiders.set(role, (await t.factories.user(role, { organisationId })).id);
  }
  const members = [foreign.parentId, foreign.counsellorId, foreign.messagingMemberId, foreign.keyOwnerId, foreign.intakeCounsellorId].filter(Boolean);
  const doc = await (await fetch(`${t.baseUrl}/api/docs-json`)).json() as OpenApiDocument;
  const routes = fuzzRoutes(doc, matrixModules.flatMap((m) => m.routes));
  return { foreign, outsiders, members, doc, routes };
}

function callerArb(world: FuzzWorld): fc.Arbitrary<Caller> {
  return fc.oneof(
    fc.constant<Caller>({ kind: 'anonymous' }),
    fc.constantFrom(...world.outsiders.entries()).map(([role, userId]) => ({ kind: 'outsider', role, userId }) as Caller),
    fc.constantFrom(...world.members).map((userId) => ({ kind: 'member', userId }) as Caller),
  );
}

interface HttpCase {
  route: FuzzRoute;
  caller: Caller;
  params: Record<string, { value: string; foreign: boolean; classes: string[]; raw?: boolean }>;
  query: { query: [string, string][]; classes: string[] };
  body?: { body: Json | undefined; raw?: string; classes: string[] };
  binary?: { data: Buffer; classes: string[] };
  cookie: boolean;
}

function httpCaseArb(world: FuzzWorld, route: FuzzRoute, pending: Set<PendingClass>): fc.Arbitrary<HttpCase> {
  const params = fc.record(Object.fromEntries(route.pathParams.map((name) => [name, paramArb(name, route, world.foreign, pending)])));
  const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
  return fc.record({
    route: fc.constant(route),
    caller: callerArb(world),
    params,
    query: queryArb(world.doc, route, pending),
    body: hasBody && !route.binary ? bodyArb(world.doc, route, world.foreign, pending) : fc.constant(undefined),
    binary: hasBody && route.binary ? binaryArb(route) : fc.constant(undefined),
    // Cookie-authenticated writes meet the CSRF rule; most cases use the bearer token.
    cookie: fc.boolean().map((b) => b && route.method === 'GET'),
  });
}

interface SocketCase { event: 'message:send' | 'typing'; caller: Caller; payload: Json; foreign: boolean; classes: string[] }

function socketCaseArb(world: FuzzWorld, pending: Set<PendingClass>): fc.Arbitrary<SocketCase> {
  const threadId = fc.oneof(
    fc.constant({ value: world.foreign.messagingThreadId as Json, foreign: true, classes: ['foreign_id'] as string[] }),
    fc.uuid().map((value) => ({ value: value as Json, foreign: false, classes: ['unknown_id'] })),
    hostileValue(pending).map((h) => ({ value: h.value, foreign: false, classes: h.classes })),
  );
  const send = fc.record({
    threadId,
    body: fc.oneof(fc.string({ minLength: 1, maxLength: 50 }).map((value) => ({ value: value as Json, classes: [] as string[] })), hostileValue(pending)),
    clientMessageId: fc.oneof(fc.uuid().map((value) => ({ value: value as Json, classes: [] as string[] })), hostileValue(pending)),
    extra: fc.option(fc.tuple(fc.string({ minLength: 1, maxLength: 8 }).filter((k) => !MAGIC_KEYS.includes(k)), hostileValue(pending)), { nil: undefined }),
  }).map(({ threadId: t, body, clientMessageId, extra }) => ({
    payload: { threadId: t.value, body: body.value, clientMessageId: clientMessageId.value, ...(extra ? { [extra[0]]: extra[1].value } : {}) } as Json,
    foreign: t.foreign,
    classes: [...t.classes, ...body.classes, ...clientMessageId.classes, ...(extra ? ['unknown_key', ...extra[1].classes] : [])],
  }));
  const typing = threadId.map((t) => ({ payload: { threadId: t.value } as Json, foreign: t.foreign, classes: t.classes }));
  const whole = hostileValue(pending).map((h) => ({ payload: h.value, foreign: false, classes: ['not_an_object', ...h.classes] }));
  return fc.record({
    event: fc.constantFrom('message:send' as const, 'typing' as const),
    caller: callerArb(world).filter((c) => c.kind !== 'anonymous'),
    shape: fc.oneof({ weight: 3, arbitrary: fc.constant('send') }, { weight: 1, arbitrary: fc.constant('typing') }, { weight: 1, arbitrary: fc.constant('whole') }),
    send, typing, whole,
  }).map(({ event, caller, shape, send: s, typing: ty, whole: w }) => {
    const chosen = shape === 'send' ? s : shape === 'typing' ? ty : w;
    return { event, caller, payload: chosen.payload, foreign: chosen.foreign, classes: chosen.classes };
  });
}

function summary(value: unknown, max = 300): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

/** encodeURIComponent, except that a lone surrogate becomes the invalid UTF-8 bytes it would be (encodeURIComponent throws). */
function encodePathSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...value].map((ch) => {
      const code = ch.codePointAt(0)!;
      if (code >= 0xd800 && code <= 0xdfff) return `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
      return encodeURIComponent(ch);
    }).join('');
  }
}

/** A 4xx must name a field or carry a machine-readable code. */
export function namesFieldOrCode(body: unknown): boolean {
  if (!body || typeof body !== 'object') return false;
  const b = body as { code?: unknown; field?: unknown; fields?: unknown };
  return (typeof b.code === 'string' && b.code.length > 0) || typeof b.field === 'string' || (Array.isArray(b.fields) && b.fields.length > 0);
}

/** Runs the fuzzer against a listening test app and returns its figures (it never throws on a failed property). */
export async function runFuzz(t: TestApp, world: FuzzWorld, options: FuzzOptions): Promise<FuzzFigures> {
  const started = Date.now();
  const pending = new Set(options.pending ?? []);
  const figures: FuzzFigures = {
    seed: options.seed, requests: 0, socketEvents: 0, routes: world.routes.length, routesHit: 0, byStatus: {}, byCaller: {}, failures: [], durationMs: 0,
  };
  const hit = new Set<string>();
  const seen = new Set<string>();
  const fail = (f: Failure) => {
    const key = `${f.property} ${f.route} ${f.status}`;
    if (seen.has(key)) return;
    seen.add(key);
    figures.failures.push(f);
  };
  const tokens = new Map<string, string>();
  const tokenOf = async (caller: Caller) => {
    if (!caller.userId) return undefined;
    // A fresh session per call would cost an INSERT each time; re-mint only when a route ended it (logout, password change).
    let token = tokens.get(caller.userId);
    if (!token) tokens.set(caller.userId, (token = await t.factories.session(caller.userId)));
    return token;
  };
  const callerName = (c: Caller) => (c.kind === 'outsider' ? `outsider:${c.role}` : c.kind);

  const httpCase = fc.oneof(...world.routes.map((route) => httpCaseArb(world, route, pending)));
  const socketCase = socketCaseArb(world, pending);
  const socketShare = options.socketShare ?? 0.1;
  const sockets = new Map<string, Socket>();

  const runHttp = async (c: HttpCase) => {
    const url = new URL(t.baseUrl + c.route.path.replace(/:(\w+)/g, (_, n: string) => (c.params[n].raw ? c.params[n].value : encodePathSegment(c.params[n].value))));
    for (const [k, v] of c.query.query) url.searchParams.append(k, v);
    const token = await tokenOf(c.caller);
    const headers: Record<string, string> = { 'accept-language': 'en' };
    if (token) {
      if (c.cookie) headers.cookie = `ev_session=${token}`;
      else headers.authorization = `Bearer ${token}`;
    }
    let body: string | Buffer | undefined;
    if (c.binary) {
      body = c.binary.data;
      headers['content-type'] = 'application/octet-stream';
    } else if (c.body) {
      body = c.body.raw ?? (c.body.body === undefined ? undefined : JSON.stringify(c.body.body));
      if (body !== undefined) headers['content-type'] = 'application/json';
    }
    const res = await fetch(url, { method: c.route.method, headers, body, redirect: 'manual' });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (CSV, PDF, metrics)
    }
    const routeKey = `${c.route.method} ${c.route.path}`;
    hit.add(routeKey);
    figures.requests++;
    figures.byStatus[res.status] = (figures.byStatus[res.status] ?? 0) + 1;
    figures.byCaller[callerName(c.caller)] = (figures.byCaller[callerName(c.caller)] ?? 0) + 1;
    const classes = [...new Set([...Object.values(c.params).flatMap((p) => p.classes), ...c.query.classes, ...(c.body?.classes ?? []), ...(c.binary?.classes ?? [])])];
    const request = `${c.route.method} ${summary(url.pathname + url.search, 200)} ${c.binary ? `<${c.binary.data.length} bytes>` : summary(c.body?.raw ?? c.body?.body)}`;
    const base = { route: routeKey, caller: callerName(c.caller), status: res.status, classes, request, response: summary(parsed) };
    if (res.status >= 500) fail({ property: 'no_5xx', ...base });
    const onForeign = c.route.pathParams.length > 0 && c.route.pathParams.every((n) => c.params[n].foreign);
    const sharedWithCaller = c.caller.role !== undefined && (c.route.spec?.sharedWith?.includes(c.caller.role) ?? false);
    if (c.caller.kind === 'outsider' && onForeign && c.route.spec && c.route.spec.access !== 'public' && !c.route.spec.shared && !sharedWithCaller && res.status >= 200 && res.status < 300) {
      fail({ property: 'outsider_2xx', ...base });
    }
    if (res.status >= 400 && res.status < 500 && !namesFieldOrCode(parsed)) fail({ property: 'unnamed_4xx', ...base });
    if (token && (res.status === 401 || routeKey === 'POST /api/auth/logout' || routeKey === 'POST /api/me/password')) tokens.delete(c.caller.userId!);
  };

  const socketOf = async (caller: Caller): Promise<Socket | undefined> => {
    const existing = sockets.get(caller.userId!);
    if (existing?.connected) return existing;
    existing?.close();
    const token = await t.factories.session(caller.userId!);
    const socket = io(t.baseUrl, { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
    const ok = await new Promise<boolean>((resolve) => {
      socket.once('connect', () => resolve(true));
      socket.once('connect_error', () => resolve(false));
      setTimeout(() => resolve(false), 5_000).unref();
    });
    if (!ok) {
      socket.close();
      return undefined;
    }
    sockets.set(caller.userId!, socket);
    return socket;
  };

  const runSocket = async (c: SocketCase) => {
    const socket = await socketOf(c.caller);
    if (!socket) return;
    const ack = await socket.timeout(10_000).emitWithAck(c.event, c.payload).catch((error: Error) => ({ ok: false, error: { status: 599, code: `no_ack: ${error.message}` } })) as
      { ok: boolean; error?: { status: number; code?: string; fields?: string[] } };
    figures.socketEvents++;
    const status = ack.ok ? 200 : ack.error?.status ?? 0;
    figures.byStatus[`ws ${status}`] = (figures.byStatus[`ws ${status}`] ?? 0) + 1;
    hit.add(`socket ${c.event}`);
    const base = { route: `socket ${c.event}`, caller: callerName(c.caller), status, classes: c.classes, request: summary(c.payload), response: summary(ack) };
    if (status >= 500) fail({ property: 'no_5xx', ...base });
    if (c.caller.kind === 'outsider' && c.foreign && ack.ok) fail({ property: 'outsider_2xx', ...base });
    if (!ack.ok && status >= 400 && status < 500 && !namesFieldOrCode(ack.error)) fail({ property: 'unnamed_4xx', ...base });
  };

  const anyCase = fc.oneof(
    { weight: Math.round((1 - socketShare) * 100), arbitrary: httpCase.map((c) => ({ http: c })) },
    { weight: Math.max(1, Math.round(socketShare * 100)), arbitrary: socketCase.map((c) => ({ socket: c })) },
  );
  const details = await fc.check(fc.asyncProperty(anyCase, async (c) => {
    if ('http' in c) await runHttp(c.http);
    else await runSocket(c.socket);
    return true;
  }), {
    seed: options.seed,
    numRuns: options.numRuns ?? Number.MAX_SAFE_INTEGER,
    interruptAfterTimeLimit: options.timeLimitMs,
    markInterruptAsFailure: false,
    endOnFailure: true,
  });
  // The property only records; a throw here is the harness's own error (e.g. a dropped connection).
  if (details.failed) throw new Error(`fuzz harness error at run ${details.numRuns} (seed ${options.seed}): ${String(details.errorInstance)}\ninput: ${summary(details.counterexample, 1000)}`);
  for (const socket of sockets.values()) socket.close();
  figures.routesHit = [...hit].filter((k) => !k.startsWith('socket ')).length;
  figures.durationMs = Date.now() - started;
  return figures;
}

/** The figures as a short text block for the console. */
export function formatFigures(f: FuzzFigures): string {
  const statuses = Object.entries(f.byStatus).sort(([a], [b]) => a.localeCompare(b)).map(([s, n]) => `${s}: ${n}`).join(', ');
  const callers = Object.entries(f.byCaller).map(([c, n]) => `${c}: ${n}`).join(', ');
  const lines = [
    `fuzz seed ${f.seed}: ${f.requests} HTTP requests and ${f.socketEvents} socket events in ${(f.durationMs / 1000).toFixed(1)} s`,
    `routes: ${f.routesHit} of ${f.routes} hit`,
    `statuses: ${statuses}`,
    `callers: ${callers}`,
    `failures: ${f.failures.length} (5xx: ${f.failures.filter((x) => x.property === 'no_5xx').length}, outsider 2xx: ${f.failures.filter((x) => x.property === 'outsider_2xx').length}, unnamed 4xx: ${f.failures.filter((x) => x.property === 'unnamed_4xx').length})`,
    ...f.failures.map((x) => `  ${x.property} ${x.status} ${x.route} as ${x.caller} [${x.classes.join(',')}]\n    request: ${x.request}\n    response: ${x.response}`),
  ];
  return lines.join('\n');
}
