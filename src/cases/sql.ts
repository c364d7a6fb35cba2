/**
 * TypeORM's `query()` on PostgreSQL answers an UPDATE or DELETE … RETURNING with `[rows, count]`
 * and an INSERT or SELECT with the rows: this gives the rows either way.
 */
export function returnedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

/** Audit events that record a read: committed without waiting for the WAL flush (see AuditOptions). */
export { READ_AUDIT } from '../audit/audit.service.js';
