// `npm run migration:run`: applies pending migrations to DATABASE_URL (or the embedded database).
import { loadConfig } from '../config/app-config.js';
import { DatabaseUrl } from './database-url.js';
import { runMigrations } from './migrate.js';

const config = loadConfig();
const database = await DatabaseUrl.resolve(config);
try {
  const applied = await runMigrations(database.url);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
} finally {
  await database.stop();
}
