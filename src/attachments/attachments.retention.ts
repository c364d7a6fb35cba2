/**
 * Attachments under retention (issue 21): when a closed case's messages are erased, the thread's
 * attachments go too, rows in the caller's transaction and the stored ciphertext after it commits
 * (a crash in between leaves an object no row points at, never a row without its object).
 */
import type { AppConfig } from '../config/app-config.js';
import { s3Connection } from '../common/s3.js';
import { returnedRows, type Sql } from '../database/returned-rows.js';
import type { AttachmentStore } from './storage/attachment-store.js';
import { localAttachmentStore } from './storage/filesystem-attachment-store.js';
import { S3AttachmentStore } from './storage/s3-attachment-store.js';

export interface StoredObject { driver: string; key: string }

/** Deletes a thread's attachments (their recipients and access requests go with them); the objects to remove after commit. */
export async function eraseThreadAttachments(db: Sql, threadId: string): Promise<StoredObject[]> {
  const rows = returnedRows<{ storage_driver: string; storage_key: string }>(
    await db.query(`DELETE FROM attachment WHERE thread_id = $1 RETURNING storage_driver, storage_key`, [threadId]));
  return rows.map((r) => ({ driver: r.storage_driver, key: r.storage_key }));
}

/** Removes stored ciphertexts from the store each names (`fs` under DATA_DIR, `s3` in S3_BUCKET). */
export async function removeStoredObjects(config: AppConfig, objects: StoredObject[]): Promise<void> {
  if (objects.length === 0) return;
  const stores = new Map<string, AttachmentStore>();
  const storeFor = (driver: string): AttachmentStore | null => {
    if (!stores.has(driver)) {
      if (driver === 'fs') stores.set(driver, localAttachmentStore(config));
      else if (driver === 's3' && config.S3_BUCKET) stores.set(driver, new S3AttachmentStore({ bucket: config.S3_BUCKET, ...s3Connection(config) }));
      else return null;
    }
    return stores.get(driver)!;
  };
  try {
    for (const object of objects) await storeFor(object.driver)?.remove(object.key);
  } finally {
    for (const store of stores.values()) store.close?.();
  }
}
