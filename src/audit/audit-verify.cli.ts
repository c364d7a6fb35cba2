// `npm run audit:verify`: checks every sealed audit event against its keyed hash (AUDIT_KEY, or the
// key generated under DATA_DIR) and against the newest signed checkpoint kept outside the database
// (DATA_DIR/audit-checkpoints/<database>/ or the S3 bucket); names the first broken event.
import pg from 'pg';
import { loadConfig } from '../config/app-config.js';
import { DatabaseUrl } from '../database/database-url.js';
import { verifyAuditChain } from './audit-chain.js';
import { loadAuditKeys } from './audit-keys.js';
import { checkpointStore } from './checkpoint-store.js';

const config = loadConfig();
const database = await DatabaseUrl.resolve(config);
const client = new pg.Client({ connectionString: database.url, application_name: 'eenverhaal-audit-verify' });
let exitCode = 0;
try {
  await client.connect();
  const { keys, generatedFile } = await loadAuditKeys(config);
  const [{ name }] = (await client.query(`SELECT current_database() AS name`)).rows;
  const store = checkpointStore(config, name);
  const outside = await store.newest();
  store.close();
  const [{ inside }] = (await client.query(`SELECT max(seq)::text AS inside FROM audit_checkpoint`)).rows;
  console.log(`Key ${keys.keyId}${generatedFile ? ` (generated, ${generatedFile})` : ' (AUDIT_KEY)'}; checkpoints outside the database: ${store.description}`);
  if (!outside && inside) {
    console.error(`Audit log NOT VERIFIED: the database names checkpoints up to ${inside}, but ${store.description} holds none (removed, or another DATA_DIR / bucket).`);
    exitCode = 1;
  } else {
    const verdict = await verifyAuditChain(client, keys, outside);
    if (verdict.ok) {
      console.log(`Audit log intact: ${verdict.events} events, chain verified${verdict.checkpoint ? ` up to and past the checkpoint at ${verdict.checkpoint}` : ' (no checkpoint yet)'}; ${verdict.unsealed} not sealed yet.`);
    } else {
      console.error(`Audit log BROKEN at event ${verdict.brokenAt.seq}${verdict.brokenAt.id ? ` (${verdict.brokenAt.id})` : ''}: ${verdict.reason}. ${verdict.events} events before it are intact.`);
      exitCode = 1;
    }
  }
} finally {
  await client.end().catch(() => undefined);
  await database.stop();
}
process.exit(exitCode);
