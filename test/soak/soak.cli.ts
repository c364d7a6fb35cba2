// `npm run soak [-- --seconds 600 --kill-every 4000 --mode kill|rolling --clients 6]`: the crash-and-restart
// soak of issue 23 for as long as asked. Env: SOAK_SECONDS, SOAK_KILL_EVERY_MS, REDIS_URL (Redis parts
// run only with it). Prints the figures; exits 1 when anything was lost, duplicated, half-written,
// outlived its revocation, or the audit log does not verify.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { formatSoak, runSoak } from './soak-harness.js';

const { values } = parseArgs({
  options: { seconds: { type: 'string' }, 'kill-every': { type: 'string' }, mode: { type: 'string' }, clients: { type: 'string' }, 'no-postgres-restart': { type: 'boolean' } },
});
const seconds = Number(values.seconds ?? process.env.SOAK_SECONDS ?? 60);
const redisUrl = process.env.REDIS_URL ?? process.env.REDIS_TEST_URL;
if (!redisUrl) console.log('soak: no REDIS_URL/REDIS_TEST_URL: running on the PostgreSQL adapter and bus only; the Redis drop is skipped.');
const figures = await runSoak({
  durationMs: seconds * 1000,
  mode: values.mode === 'rolling' ? 'rolling' : 'kill',
  killEveryMs: Number(values['kill-every'] ?? process.env.SOAK_KILL_EVERY_MS ?? 4000),
  restartPostgres: !values['no-postgres-restart'],
  redisUrl,
  clients: Number(values.clients ?? 6),
  attachmentEveryMs: 1500,
  revokeEveryMs: 3000,
  log: (m) => console.log(m),
});
console.log(formatSoak(figures));
const failed = figures.lost > 0 || figures.duplicated > 0 || figures.attachments.halfWritten > 0 || figures.revocations.outlived > 0 || !figures.audit?.ok || figures.unexpected.length > 0;
process.exit(failed ? 1 : 0);
