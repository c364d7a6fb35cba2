import { buildWorld, formatFigures, runFuzz, type FuzzWorld } from './fuzz/fuzz-engine.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Issue 23: property-based fuzzing of every route and socket event with a fixed seed and a bounded
 * run, so `npm test` stays within CI's time. `npm run fuzz` runs longer (see test/fuzz/fuzz.cli.ts).
 * The input classes the input-hardening work is still fixing (JSON deeper than 32 levels, NUL and
 * lone surrogates, magic keys) are left out here until that work is merged; `npm run fuzz -- --pending` sends them.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261205);
const RUNS = Number(process.env.FUZZ_RUNS ?? 4000);

describe('fuzzing every route and socket event (e2e)', () => {
  let t: TestApp;
  let world: FuzzWorld;

  beforeAll(async () => {
    t = await createTestApp();
    world = await buildWorld(t);
  }, 60_000);
  afterAll(() => t.close());

  it('walks the OpenAPI document: every registered route is in it or in the route list', () => {
    expect(world.routes.length).toBeGreaterThan(80);
    // Every documented JSON body has a schema the generator can use.
    const withBody = world.routes.filter((r) => r.body);
    expect(withBody.length).toBeGreaterThan(30);
  });

  // Found by the fuzzer: Nest's ParseUUIDPipe answered 400 "Validation failed (uuid is expected)" with neither a field nor a code.
  it('names the path parameter that is not a UUID', async () => {
    const token = await t.factories.session(world.outsiders.get('counsellor')!);
    const res = await t.http().get('/api/cases/not-a-uuid/children').set('Authorization', `Bearer ${token}`).set('Accept-Language', 'nl');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'invalid_id', field: 'id' });
    expect(res.body.message).toContain('id');
  });

  // Found by the fuzzer: a path whose percent-encoding is no UTF-8 answered 400 without a code, echoing the raw path back.
  it('answers a path that is not valid percent-encoded UTF-8 with 400 malformed_path, without echoing it', async () => {
    const token = await t.factories.session(world.outsiders.get('counsellor')!);
    const res = await t.http().get('/api/cases/%ED%A0%80/children').set('Authorization', `Bearer ${token}`).set('Accept-Language', 'en');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('malformed_path');
    expect(JSON.stringify(res.body)).not.toContain('%ED');
  });

  it(`never answers 5xx, never 2xx to an outsider on foreign ids, and names a field or code in every 4xx (seed ${SEED}, ${RUNS} runs)`, async () => {
    const figures = await runFuzz(t, world, { seed: SEED, numRuns: RUNS, timeLimitMs: 40_000, socketShare: 0.12 });
    console.log(formatFigures(figures));
    expect(figures.requests + figures.socketEvents).toBeGreaterThan(200);
    expect(figures.socketEvents).toBeGreaterThan(10);
    expect(figures.failures).toEqual([]);
  }, 120_000);
});
