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
