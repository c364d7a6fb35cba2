import type { DataSourceOptions } from 'typeorm';

type PostgresConnectionOptions = Extract<DataSourceOptions, { type: 'postgres' }>;
import { migrations } from '../../migrations/index.js';

/** The one place that says how we talk to PostgreSQL. `synchronize` is never on: migrations own the schema. */
export function dataSourceOptions(url: string, overrides: Partial<PostgresConnectionOptions> = {}): PostgresConnectionOptions {
  return {
    type: 'postgres',
    url,
    migrations,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: { max: 20, application_name: 'eenverhaal' },
    ...overrides,
  };
}
