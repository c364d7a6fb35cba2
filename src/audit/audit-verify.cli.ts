// `npm run audit:verify`: checks the audit log's hash chain and names the first broken event.
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config.js';
import { DatabaseUrl } from '../database/database-url.js';
import { verifyAuditChain } from './audit-chain.js';

const config = loadConfig();
const database = await DatabaseUrl.resolve(config);
const dataSource = new DataSource({ type: 'postgres', url: database.url });
let exitCode = 0;
try {
  await dataSource.initialize();
  const verdict = await verifyAuditChain(dataSource);
  if (verdict.ok) {
    console.log(`Audit log intact: ${verdict.events} events, chain verified.`);
  } else {
    console.error(`Audit log BROKEN at event ${verdict.brokenAt.seq} (${verdict.brokenAt.id}): ${verdict.reason}. ${verdict.events} events before it are intact.`);
    exitCode = 1;
  }
} finally {
  if (dataSource.isInitialized) await dataSource.destroy();
  await database.stop();
}
process.exit(exitCode);
