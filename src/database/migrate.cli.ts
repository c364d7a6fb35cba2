// `npm run migration:run`: applies pending migrations to DATABASE_URL (or the embedded database).
import { loadConfig } from '../config/app-config.js';
import { DatabaseUrl } from './database-url.js';
import { runMigrations } from './migrate.js';
import { RUNTIME_ROLE, userOf } from './runtime-role.js';

const config = loadConfig();
const database = await DatabaseUrl.resolve(config);
try {
  const applied = config.MIGRATION_DATABASE_URL
    ? await runMigrations(config.MIGRATION_DATABASE_URL, userOf(database.url))
    : await runMigrations(database.url, RUNTIME_ROLE);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
} finally {
  await database.stop();
}
