import { DataSource } from 'typeorm';
import type pg from 'pg';
import { dataSourceOptions } from './data-source-options.js';
import { grantRuntimeRole, RUNTIME_ROLE } from './runtime-role.js';

/**
 * Runs pending migrations in their own connection, as the table owner; an advisory lock keeps two
 * starting nodes from racing. Then grants the runtime role (`runtimeRole`, default the managed one)
 * what it may do (src/database/runtime-role.ts), also when nothing was pending.
 */
export async function runMigrations(url: string, runtimeRole: string = RUNTIME_ROLE): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(url, { extra: { max: 1 } }));
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock(7261001)');
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    const runner = dataSource.createQueryRunner();
    try {
      await grantRuntimeRole((await runner.connect()) as pg.Client, runtimeRole);
    } finally {
      await runner.release();
    }
    await dataSource.query('SELECT pg_advisory_unlock(7261001)');
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
