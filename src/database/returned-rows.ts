import type { EntityManager } from 'typeorm';

/**
 * TypeORM's `query()` on PostgreSQL answers an UPDATE or DELETE … RETURNING with `[rows, count]`
 * and an INSERT or SELECT with the rows (objects, never arrays): this gives the rows either way.
 */
export function returnedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

/** Runs a statement and returns its rows, whatever its kind (see `returnedRows`). */
export async function rows<T>(manager: EntityManager, sql: string, parameters: unknown[] = []): Promise<T[]> {
  return returnedRows<T>(await manager.query(sql, parameters));
}

/** Whatever runs SQL: a TypeORM EntityManager or QueryRunner, or the transaction of `TransactionHost`. */
export type Sql = { query(sql: string, parameters?: unknown[]): Promise<any> };

/** Runs an UPDATE or DELETE … RETURNING and answers how many rows it touched (the retention and erasure steps count what went). */
export async function countReturned(db: Sql, sql: string, parameters: unknown[] = []): Promise<number> {
  return returnedRows(await db.query(sql, parameters)).length;
}
