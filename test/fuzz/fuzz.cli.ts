// `npm run fuzz [-- --seconds 300 --seed 42 --pending]`: the fuzzer of test/fuzz.e2e-spec.ts for as
// long as asked, on its own test database (DATABASE_URL's server, or an embedded PostgreSQL).
// Env: FUZZ_SECONDS, FUZZ_SEED, FUZZ_PENDING=1. Prints the figures; exits 1 when a property failed.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { buildWorld, formatFigures, runFuzz, type PendingClass } from './fuzz-engine.js';
import { createTestApp } from '../helpers/test-app.js';

const { values } = parseArgs({
  options: { seconds: { type: 'string' }, seed: { type: 'string' }, pending: { type: 'boolean' }, runs: { type: 'string' } },
});
const seconds = Number(values.seconds ?? process.env.FUZZ_SECONDS ?? 60);
const seed = Number(values.seed ?? process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const pending: PendingClass[] = values.pending || process.env.FUZZ_PENDING === '1' ? ['deep_json', 'nul', 'lone_surrogate', 'magic_key'] : [];

// The jest global setup finds or starts PostgreSQL and migrates a template database; reuse it.
const setupPath = '../../../test/helpers/global-setup.mjs';
const teardownPath = '../../../test/helpers/global-teardown.mjs';
const setup = (await import(setupPath)) as { default: () => Promise<void> };
const teardown = (await import(teardownPath)) as { default: () => Promise<void> };
await setup.default();
let failed = false;
try {
  const t = await createTestApp();
  try {
    const world = await buildWorld(t);
    console.log(`fuzzing ${world.routes.length} routes and 2 socket events for ${seconds} s, seed ${seed}${pending.length ? `, with the pending classes ${pending.join(', ')}` : ''}`);
    const figures = await runFuzz(t, world, { seed, timeLimitMs: seconds * 1000, numRuns: values.runs ? Number(values.runs) : undefined, pending, socketShare: 0.12 });
    console.log(formatFigures(figures));
    console.log(`replay: npm run fuzz -- --seed ${seed} --seconds ${seconds}${pending.length ? ' --pending' : ''}`);
    failed = figures.failures.length > 0;
  } finally {
    await t.close();
  }
} finally {
  await teardown.default();
}
process.exit(failed ? 1 : 0);
