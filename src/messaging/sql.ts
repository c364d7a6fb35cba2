import type { EntityManager } from 'typeorm';

/**
 * Runs a statement and returns its rows, whatever its kind: TypeORM answers UPDATE and DELETE ...
 * RETURNING with `[rows, affectedCount]`, but SELECT and INSERT with `rows` (rows are objects, never arrays).
 */
export async function rows<T>(manager: EntityManager, sql: string, parameters: unknown[] = []): Promise<T[]> {
  const result: unknown = await manager.query(sql, parameters);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
