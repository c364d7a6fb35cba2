import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options.js';

/** Runs pending migrations in their own connection; an advisory lock keeps two starting nodes from racing. */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(url, { extra: { max: 1 } }));
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock(7261001)');
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.query('SELECT pg_advisory_unlock(7261001)');
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
