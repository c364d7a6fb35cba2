import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { ThreadAccess } from '../access/access.rules.js';
import { AccessService } from '../access/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { Permission } from '../auth/permission.js';
import { CommonErrors } from '../common/domain-error.js';
import { attachmentStoreUnavailable } from '../common/unavailable.js';
import { AppConfig } from '../config/app-config.js';
import { rows } from '../database/returned-rows.js';
import { TransactionHost, Transactional } from '../database/transaction-host.js';
import { RealtimeService } from '../messaging/realtime/realtime.service.js';
import { ThreadMembersService } from '../messaging/thread-members.service.js';
import { AttachmentErrors } from './attachments.errors.js';
import { resolveRange, type ResolvedRange } from './byte-range.js';
import type { AccessRequestCreatedResponse, AttachmentPersonResponse, ThreadAttachmentsResponse } from './dto/attachments.dto.js';
import type { AttachmentResponse, RecipientsResponse } from './dto/keys.dto.js';
import { UserKeysService, type RecipientKey } from './keys/user-keys.service.js';
import { dearmor } from './openpgp/armor-decoder.js';
import { BodyTooLargeError, ByteSource } from './openpgp/byte-source.js';
import { readEncryptedDataPacket, readEncryptedMessage, readPkeskPackets, type PkeskPacket } from './openpgp/encrypted-message-reader.js';
import { OpenPgpFormatError } from './openpgp/openpgp-format.error.js';
import { ATTACHMENT_STORE, type AttachmentStore, type ByteRange, type StagedObject } from './storage/attachment-store.js';
import { localAttachmentStore } from './storage/filesystem-attachment-store.js';

export const BINARY_TYPE = 'application/octet-stream';
export const ARMORED_TYPE = 'application/pgp-encrypted';
const ACCEPTED_TYPES = [BINARY_TYPE, ARMORED_TYPE];
/** New PKESK packets for re-sharing: a few hundred octets each. */
const MAX_SHARE_BYTES = 64 * 1024;
/** An encrypted name, size and type: a few hundred octets; the database allows 4 KiB. */
const MAX_METADATA_BYTES = 4096;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** What the client sent: the request stream and its declared type and length. */
export interface IncomingBody {
  stream: AsyncIterable<Buffer>;
  contentType: string | undefined;
  contentLength: number | undefined;
  /** The `Attachment-Metadata` header of an upload: base64 of one encrypted data packet. */
  metadata?: string;
}

export interface AttachmentDownload {
  id: string;
  /** The recipients' PKESK packets (those within the range), served before the data. */
  head: Buffer;
  /** The data packet (the part within the range); null when the range ends within the head or cannot be served. */
  data: Readable | null;
  /** Bytes of the whole download: PKESK packets + data. */
  length: number;
  /** Strong validator: changes when recipients are added, since that changes the bytes. */
  etag: string;
  range: ResolvedRange;
}

interface Matched {
  pkesk: PkeskPacket;
  key: RecipientKey;
  /** The (sub)key fingerprint the packet is encrypted to. */
  recipientFingerprint: string;
}

interface AttachmentRow {
  id: string;
  thread_id: string;
  case_id: string;
  storage_driver: string;
  storage_key: string;
  data_size: string;
  data_sha256: Buffer;
  data_version: number;
  metadata: Buffer | null;
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** Finds the member key each PKESK is encrypted to (v3: key id, v6: fingerprint). */
function indexKeys(keys: RecipientKey[]): Map<string, { key: RecipientKey; fingerprint: string }> {
  const index = new Map<string, { key: RecipientKey; fingerprint: string }>();
  for (const key of keys) {
    key.encryptionFingerprints.forEach((fingerprint, i) => {
      index.set(`fp:${fingerprint}`, { key, fingerprint });
      index.set(`id:${key.encryptionKeyIds[i]}`, { key, fingerprint });
    });
  }
  return index;
}

function lookup(index: ReturnType<typeof indexKeys>, pkesk: PkeskPacket): { key: RecipientKey; fingerprint: string } | undefined {
  return pkesk.version === 3 ? index.get(`id:${pkesk.keyId!.toUpperCase()}`) : index.get(`fp:${pkesk.fingerprint!.toUpperCase()}`);
}

const describePkesk = (pkesk: PkeskPacket) => (pkesk.keyId ?? pkesk.fingerprint ?? '').toUpperCase();

/**
 * End-to-end encrypted attachments. The server never decrypts: it checks the packet structure and
 * that the PKESK packets cover every current member's key, streams the encrypted data packet to the
 * store, keeps the PKESK packets in the database, and serves both back to thread members.
 */
/** A recipient packet (`r`) to its user's current key (`k`): one replaced since opens nothing. */
const CURRENT_RECIPIENT = 'attachment_recipient r JOIN user_key k ON k.id = r.user_key_id AND k.retired_at IS NULL';

/** Whether `user` can open `attachment` (SQL expressions): their current key is a recipient. */
const canOpen = (attachment: string, user: string) =>
  `EXISTS (SELECT 1 FROM ${CURRENT_RECIPIENT} WHERE r.attachment_id = ${attachment} AND r.user_id = ${user})`;

@Injectable()
export class AttachmentsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AttachmentsService.name);

  constructor(
    private readonly txHost: TransactionHost,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly threads: ThreadMembersService,
    private readonly keys: UserKeysService,
    private readonly realtime: RealtimeService,
    @Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  private localStore?: AttachmentStore;

  onModuleDestroy(): void {
    this.store.close?.();
  }

  async onModuleInit(): Promise<void> {
    const removed = await this.store.sweepStaleTemporaryFiles?.().catch(() => 0);
    if (removed) this.logger.log(`Removed ${removed} temporary file(s) of interrupted uploads`);
  }


  /** Opens a stored object; a store that is down answers 503 (issue 23), anything else stays as it was. */
  private async openStored(store: AttachmentStore, key: string, range?: ByteRange): Promise<Readable> {
    try {
      return await store.open(key, range);
    } catch (error) {
      throw attachmentStoreUnavailable(error) ?? error;
    }
  }

  /**
   * The store an attachment's row names. New attachments go to the configured store; those written
   * to DATA_DIR before S3_BUCKET was set stay readable from there, so switching loses nothing.
   */
  private storeFor(driver: string): AttachmentStore {
    if (driver === this.store.driver) return this.store;
    if (driver === 'fs') return (this.localStore ??= localAttachmentStore(this.config));
    throw AttachmentErrors.storeUnavailable();
  }

  /** Every key an attachment in this thread must be encrypted to, and the members who have none yet. */
  async recipients(user: AuthUser, threadId: string): Promise<RecipientsResponse> {
    const thread = await this.access.requireThread(user, Permission.Messaging, threadId);
    const members = await this.threads.listMembers(thread.threadId);
    const keys = await this.keys.currentKeys(members.map((m) => m.userId));
    const byUser = new Map(keys.map((k) => [k.userId, k]));
    await this.audit.record({ action: 'attachment.recipients.read', subjectType: 'thread', subjectId: thread.threadId, caseId: thread.caseId });
    return {
      keys: members.filter((m) => byUser.has(m.userId)).map((m) => {
        const key = byUser.get(m.userId)!;
        return { userId: m.userId, fingerprint: key.fingerprint, publicKey: key.publicKey };
      }),
      missingKey: members.filter((m) => !byUser.has(m.userId)).map((m) => m.userId),
    };
  }

  /** Checks the body's media type and announced length before a byte of it is read. */
  private checkBody(body: IncomingBody, maxBinary: number): { armored: boolean; maxArmored: number } {
    const type = mediaType(body.contentType);
    if (!ACCEPTED_TYPES.includes(type)) throw AttachmentErrors.unsupportedMediaType(ACCEPTED_TYPES);
    const armored = type === ARMORED_TYPE;
    // Base64 grows 4/3, plus line breaks and the armour's own lines.
    const maxArmored = Math.ceil(maxBinary * 4 / 3 * 65 / 64) + 4096;
    if (body.contentLength !== undefined && body.contentLength > (armored ? maxArmored : maxBinary)) {
      throw AttachmentErrors.tooLarge(maxBinary);
    }
    return { armored, maxArmored };
  }

  private source(body: IncomingBody, armored: boolean, maxBinary: number, maxArmored: number): ByteSource {
    return new ByteSource(armored ? dearmor(body.stream, maxArmored) : body.stream, maxBinary);
  }

  private translate(error: unknown, maxBinary: number): unknown {
    if (error instanceof OpenPgpFormatError) return AttachmentErrors.format(error);
    if (error instanceof BodyTooLargeError) return AttachmentErrors.tooLarge(maxBinary);
    // The store full, read-only or unreachable: 503 naming it (issue 23); nothing was committed.
    const degraded = attachmentStoreUnavailable(error);
    if (degraded) return degraded;
    // The client went away mid-body: its fault, not ours (and nobody is left to read the answer).
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (error as Error | undefined)?.message === 'aborted') {
      return AttachmentErrors.interrupted();
    }
    return error;
  }

  /**
   * The optional `Attachment-Metadata` header: base64 of one encrypted data packet (SEIPD) and
   * nothing else, sealed by the sender with the file's session key. Checked before a byte of the
   * body is read; never decrypted, never parsed further.
   */
  private async readMetadata(header: string | undefined): Promise<{ packet: Buffer; dataVersion: 1 | 2 } | null> {
    if (header === undefined) return null;
    const text = header.trim();
    if (text.length > Math.ceil(MAX_METADATA_BYTES / 3) * 4 || !BASE64.test(text)) throw AttachmentErrors.invalidMetadata('not_base64');
    try {
      const bytes = Buffer.from(text, 'base64');
      return await readEncryptedDataPacket(new ByteSource((async function* () { yield bytes; })(), MAX_METADATA_BYTES));
    } catch (error) {
      if (error instanceof OpenPgpFormatError) throw AttachmentErrors.invalidMetadata(error.reason);
      throw error;
    }
  }

  /**
   * Stores an encrypted OpenPGP message sent as the request body. Refuses (before any data reaches the
   * store) bodies that are not PKESK + SEIPD, and recipient lists that miss a member's key or name
   * someone else's; refuses over MAX_ATTACHMENT_BYTES while streaming. Nothing is left behind on refusal.
   */
  async upload(user: AuthUser, threadId: string, body: IncomingBody): Promise<AttachmentResponse> {
    const max = this.config.MAX_ATTACHMENT_BYTES;
    const { armored, maxArmored } = this.checkBody(body, max);
    const metadata = await this.readMetadata(body.metadata);
    const thread = await this.access.requireThread(user, Permission.Messaging, threadId);
    const memberKeys = await this.keys.currentKeys((await this.threads.listMembers(thread.threadId)).map((m) => m.userId));
    const index = indexKeys(memberKeys);

    const id = randomUUID();
    const hash = createHash('sha256');
    let matched: Matched[] = [];
    let staged: StagedObject | undefined;
    let dataBytes = 0;
    let dataVersion: 1 | 2;
    try {
      const summary = await readEncryptedMessage(this.source(body, armored, max, maxArmored), {
        beforeData: async (pkesks, version) => {
          // The metadata shares the file's session key, so it must be sealed the same way (SEIPD v1 or v2).
          if (metadata && metadata.dataVersion !== version) throw AttachmentErrors.invalidMetadata('version_mismatch');
          matched = this.matchRecipients(pkesks, index);
          const covered = new Set(matched.map((m) => m.key.userId));
          const missing = memberKeys.filter((k) => !covered.has(k.userId));
          if (missing.length) throw AttachmentErrors.missingRecipients(missing.map((k) => k.fingerprint), missing.map((k) => k.userId));
          staged = await this.store.create(id);
        },
        sink: (chunk) => {
          hash.update(chunk);
          dataBytes += chunk.length;
          return staged!.write(chunk);
        },
      });
      dataVersion = summary.dataVersion;
      await staged!.commit();
    } catch (error) {
      await staged?.abort().catch(() => undefined);
      throw this.translate(error, max);
    }

    const sha256 = hash.digest();
    try {
      await this.recordUpload(user, thread, { id, dataBytes, sha256, dataVersion, metadata: metadata?.packet ?? null, matched, armored });
    } catch (error) {
      await this.store.remove(id).catch(() => undefined);
      throw error;
    }
    return {
      id,
      size: dataBytes,
      sha256: sha256.toString('hex'),
      recipients: [...new Set(matched.map((m) => m.key.fingerprint))],
    };
  }

  /** The stored bytes become an attachment, with its recipients and audit event, if the uploader is still a member. */
  @Transactional()
  private async recordUpload(
    user: AuthUser,
    thread: ThreadAccess,
    upload: { id: string; dataBytes: number; sha256: Buffer; dataVersion: 1 | 2; metadata: Buffer | null; matched: Matched[]; armored: boolean },
  ): Promise<void> {
    // Membership may have changed while the bytes streamed in.
    await this.access.requireThread(user, Permission.Messaging, thread.threadId);
    await this.txHost.tx.query(
      `INSERT INTO attachment (id, thread_id, case_id, uploaded_by_id, storage_driver, storage_key, data_size, data_sha256, data_version, metadata)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [upload.id, thread.threadId, thread.caseId, user.id, this.store.driver, upload.id, upload.dataBytes, upload.sha256, upload.dataVersion, upload.metadata],
    );
    await this.insertRecipients(upload.id, 0, upload.matched, user.id);
    await this.audit.record({
      action: 'attachment.upload', subjectType: 'attachment', subjectId: upload.id, caseId: thread.caseId,
      details: { threadId: thread.threadId, size: upload.dataBytes, recipients: upload.matched.length, armored: upload.armored, metadata: upload.metadata !== null },
    });
  }

  /** Each PKESK must be for a current member's key; duplicates for one (sub)key keep the first. */
  private matchRecipients(pkesks: PkeskPacket[], index: ReturnType<typeof indexKeys>): Matched[] {
    const unknown: string[] = [];
    const matched = new Map<string, Matched>();
    for (const pkesk of pkesks) {
      const hit = lookup(index, pkesk);
      if (!hit) {
        unknown.push(describePkesk(pkesk));
        continue;
      }
      if (!matched.has(hit.fingerprint)) matched.set(hit.fingerprint, { pkesk, key: hit.key, recipientFingerprint: hit.fingerprint });
    }
    if (unknown.length) throw AttachmentErrors.foreignRecipients(unknown);
    return [...matched.values()];
  }

  private async insertRecipients(attachmentId: string, firstPosition: number, matched: Matched[], addedBy: string): Promise<void> {
    if (matched.length === 0) return;
    await this.txHost.tx.query(
      `INSERT INTO attachment_recipient (attachment_id, position, recipient_fingerprint, user_key_id, user_id, pkesk, added_by_id)
       SELECT $1, $2 + ord - 1, fp, key_id, user_id, packet, $7
         FROM unnest($3::text[], $4::uuid[], $5::uuid[], $6::bytea[]) WITH ORDINALITY AS r(fp, key_id, user_id, packet, ord)`,
      [attachmentId, firstPosition, matched.map((m) => m.recipientFingerprint), matched.map((m) => m.key.keyRowId),
        matched.map((m) => m.key.userId), matched.map((m) => m.pkesk.raw), addedBy],
    );
  }

  /** The attachment and its thread, for a current member of that thread (the access layer decides); otherwise the same 404 as for no attachment. */
  private async requireAttachment(user: AuthUser, attachmentId: string, lock = false): Promise<{ row: AttachmentRow; thread: ThreadAccess }> {
    const thread = await this.access.requireAttachment(user, Permission.Messaging, attachmentId);
    const [row]: AttachmentRow[] = await this.txHost.tx.query(
      `SELECT id, thread_id, case_id, storage_driver, storage_key, data_size, data_sha256, data_version, metadata
         FROM attachment WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [attachmentId],
    );
    if (!row) throw CommonErrors.notFound('attachment');
    return { row, thread };
  }


  /**
   * PKESK packets and the encrypted data, for a current member of the attachment's thread: all of it,
   * or one byte range of it (`Range`, with `If-Range`), so an interrupted download can resume.
   * Every download, whole or in part, is audited; a range that cannot be served is not.
   */
  async download(user: AuthUser, attachmentId: string, request: { range?: string; ifRange?: string } = {}): Promise<AttachmentDownload> {
    const { row, head, length, etag, range } = await this.authorizeDownload(user, attachmentId, request);
    if (range.kind === 'unsatisfiable') return { id: row.id, head: Buffer.alloc(0), data: null, length, etag, range };
    const store = this.storeFor(row.storage_driver);
    if (range.kind === 'full') return { id: row.id, head, data: await this.openStored(store, row.storage_key), length, etag, range };
    // The range in the object's terms: the PKESK packets come first.
    const dataStart = Math.max(range.start - head.length, 0);
    const dataEnd = range.end - head.length;
    return {
      id: row.id,
      head: head.subarray(Math.min(range.start, head.length), Math.min(range.end + 1, head.length)),
      data: dataEnd >= 0 ? await this.openStored(store, row.storage_key, { start: dataStart, end: dataEnd }) : null,
      length,
      etag,
      range,
    };
  }

  /** The caller's access, the PKESK packets, the range to serve and the download's audit event, in one transaction. */
  @Transactional()
  private async authorizeDownload(user: AuthUser, attachmentId: string, request: { range?: string; ifRange?: string }) {
    const { row: found, thread } = await this.requireAttachment(user, attachmentId);
    const packets: { pkesk: Buffer }[] = await this.txHost.tx.query(
      `SELECT pkesk FROM attachment_recipient WHERE attachment_id = $1 ORDER BY position`, [attachmentId]);
    const pkesks = Buffer.concat(packets.map((p) => p.pkesk));
    const total = pkesks.length + Number(found.data_size);
    const validator = `"${createHash('sha256').update(pkesks).update(found.data_sha256).digest('base64url').slice(0, 32)}"`;
    const resolved = resolveRange(request.range, request.ifRange, total, validator);
    if (resolved.kind !== 'unsatisfiable') {
      await this.audit.record({
        action: 'attachment.download', subjectType: 'attachment', subjectId: attachmentId, caseId: thread.caseId,
        details: { threadId: thread.threadId, ...(resolved.kind === 'partial' ? { range: `${resolved.start}-${resolved.end}` } : {}) },
      });
    }
    return { row: found, head: pkesks, length: total, etag: validator, range: resolved };
  }

  /**
   * Shares an attachment with members added later: the body holds new PKESK packets (the same session
   * key, encrypted to their keys by a member who can open it). They are checked and appended; the data
   * is never touched. PKESKs for keys that already have one are ignored.
   */
  async share(user: AuthUser, attachmentId: string, body: IncomingBody): Promise<AttachmentResponse> {
    const { armored, maxArmored } = this.checkBody(body, MAX_SHARE_BYTES);
    let pkesks: PkeskPacket[];
    try {
      pkesks = await readPkeskPackets(this.source(body, armored, MAX_SHARE_BYTES, maxArmored));
    } catch (error) {
      throw this.translate(error, MAX_SHARE_BYTES);
    }
    return this.addRecipients(user, attachmentId, pkesks);
  }

  /** Appends the checked PKESKs, answers the access requests they fulfil, and tells who can open it now once committed. */
  @Transactional()
  private async addRecipients(user: AuthUser, attachmentId: string, pkesks: PkeskPacket[]): Promise<AttachmentResponse> {
    const { row, thread } = await this.requireAttachment(user, attachmentId, true);
    const existing: { recipient_fingerprint: string; user_id: string; position: number }[] = await this.txHost.tx.query(
      `SELECT recipient_fingerprint, user_id, position FROM attachment_recipient WHERE attachment_id = $1`, [attachmentId]);
    if (!existing.some((r) => r.user_id === user.id)) throw AttachmentErrors.cannotShare();
    const expectedVersion = row.data_version === 1 ? 3 : 6;
    if (pkesks.some((p) => p.version !== expectedVersion)) throw AttachmentErrors.format(new OpenPgpFormatError('version_mismatch'));
    const members = await this.threads.listMembers(thread.threadId);
    const index = indexKeys(await this.keys.currentKeys(members.map((m) => m.userId)));
    const present = new Set(existing.map((r) => r.recipient_fingerprint));
    const fresh = this.matchRecipients(pkesks, index).filter((m) => !present.has(m.recipientFingerprint));
    const next = existing.reduce((max, r) => Math.max(max, r.position + 1), 0);
    await this.insertRecipients(attachmentId, next, fresh, user.id);
    // A request is answered once its member's current key can open the file.
    const fulfilled = fresh.length ? await rows<{ user_id: string }>(this.txHost.tx,
      `DELETE FROM attachment_access_request q
        WHERE q.attachment_id = $1 AND ${canOpen('$1', 'q.user_id')}
        RETURNING q.user_id`, [attachmentId]) : [];
    await this.audit.record({
      action: 'attachment.share', subjectType: 'attachment', subjectId: attachmentId, caseId: thread.caseId,
      details: { threadId: thread.threadId, addedUserIds: [...new Set(fresh.map((m) => m.key.userId))], fulfilledRequests: fulfilled.map((r) => r.user_id) },
    });
    if (fresh.length) {
      // Everyone who can open it now: the new recipients open it, the others see the request answered.
      const openers = (await this.openers(attachmentId, members.map((m) => m.userId))).map((o) => o.userId);
      this.txHost.afterCommit(() => this.realtime.toUsers(openers, 'attachment:shared', { threadId: thread.threadId, attachmentId }));
    }
    return this.describe(row);
  }

  private async describe(row: AttachmentRow): Promise<AttachmentResponse> {
    const recipients: { fingerprint: string }[] = await this.txHost.tx.query(
      `SELECT DISTINCT ON (k.fingerprint) k.fingerprint
         FROM attachment_recipient r JOIN user_key k ON k.id = r.user_key_id
        WHERE r.attachment_id = $1 ORDER BY k.fingerprint`, [row.id]);
    return {
      id: row.id,
      size: Number(row.data_size),
      sha256: Buffer.from(row.data_sha256).toString('hex'),
      recipients: recipients.map((r) => r.fingerprint),
    };
  }

  /** Size, hash and recipients of an attachment (there is no plaintext metadata to show). */
  @Transactional()
  async info(user: AuthUser, attachmentId: string): Promise<AttachmentResponse> {
    const { row, thread } = await this.requireAttachment(user, attachmentId);
    await this.audit.record({ action: 'attachment.read', subjectType: 'attachment', subjectId: attachmentId, caseId: thread.caseId });
    return this.describe(row);
  }

  /**
   * Current members (of `memberIds`) whose current key is a recipient: who can open the attachment
   * and so share it on. A PKESK to a key someone replaced no longer counts.
   */
  private async openers(attachmentId: string, memberIds: string[]): Promise<AttachmentPersonResponse[]> {
    const people: { user_id: string; display_name: string }[] = await this.txHost.tx.query(
      `SELECT u.id AS user_id, u.display_name FROM app_user u
        WHERE u.id = ANY($2::uuid[]) AND ${canOpen('$1', 'u.id')}
        ORDER BY u.display_name, u.id`, [attachmentId, memberIds]);
    return people.map((r) => ({ userId: r.user_id, displayName: r.display_name }));
  }

  /**
   * The caller's PKESK packets for their current key (empty: they cannot open it yet). A file
   * shared with a key they replaced since does not open with the new one.
   */
  private async ownPkesks(user: AuthUser, attachmentId: string): Promise<Buffer[]> {
    const packets: { pkesk: Buffer }[] = await this.txHost.tx.query(
      `SELECT r.pkesk FROM ${CURRENT_RECIPIENT}
        WHERE r.attachment_id = $1 AND r.user_id = $2 ORDER BY r.position`, [attachmentId, user.id]);
    return packets.map((r) => r.pkesk);
  }

  /**
   * What a thread's attachments look like to the caller: for each attachment of a message they can
   * read, who sent it, whether an encrypted name is kept, whether they can open it, who can, and who
   * asked for access. With the upload limit, so a client refuses a file before encrypting it.
   */
  @Transactional()
  async listForThread(user: AuthUser, threadId: string): Promise<ThreadAttachmentsResponse> {
    const thread = await this.access.requireThread(user, Permission.Messaging, threadId);
    const visible = await this.threads.visibleAttachments(thread);
    const messageOf = new Map(visible.map((v) => [v.attachmentId, v.messageId]));
    const ids = [...messageOf.keys()];
    const memberIds = (await this.threads.listMembers(thread.threadId)).map((m) => m.userId);
    const found: {
      id: string; uploaded_by_id: string; uploader_name: string; created_at: Date; data_size: string; has_metadata: boolean; can_open: boolean;
      openers: { userId: string; displayName: string }[]; requests: { userId: string; displayName: string; requestedAt: string }[];
    }[] = ids.length === 0 ? [] : await this.txHost.tx.query(
      `SELECT a.id, a.uploaded_by_id, up.display_name AS uploader_name, a.created_at, a.data_size, a.metadata IS NOT NULL AS has_metadata,
              ${canOpen('a.id', '$2')} AS can_open,
              COALESCE((SELECT json_agg(json_build_object('userId', o.id, 'displayName', o.display_name) ORDER BY o.display_name, o.id)
                          FROM app_user o
                         WHERE o.id = ANY($3::uuid[]) AND ${canOpen('a.id', 'o.id')}), '[]') AS openers,
              COALESCE((SELECT json_agg(json_build_object('userId', q.user_id, 'displayName', u.display_name, 'requestedAt', q.requested_at) ORDER BY q.requested_at, q.user_id)
                          FROM attachment_access_request q JOIN app_user u ON u.id = q.user_id
                         WHERE q.attachment_id = a.id AND q.user_id = ANY($3::uuid[])), '[]') AS requests
         FROM attachment a JOIN app_user up ON up.id = a.uploaded_by_id
        WHERE a.id = ANY($1::uuid[]) AND a.thread_id = $4`,
      [ids, user.id, memberIds, thread.threadId]);
    const byId = new Map(found.map((r) => [r.id, r]));
    await this.audit.record({ action: 'attachment.list', subjectType: 'thread', subjectId: thread.threadId, caseId: thread.caseId });
    return {
      maxUploadBytes: this.config.MAX_ATTACHMENT_BYTES,
      items: ids.filter((id) => byId.has(id)).map((id) => {
        const r = byId.get(id)!;
        return {
          id,
          messageId: messageOf.get(id)!,
          uploadedBy: { userId: r.uploaded_by_id, displayName: r.uploader_name },
          createdAt: new Date(r.created_at).toISOString(),
          encryptedSize: Number(r.data_size),
          hasMetadata: r.has_metadata,
          canOpen: r.can_open,
          openers: r.openers,
          accessRequests: r.requests.map((q) => ({ ...q, requestedAt: new Date(q.requestedAt).toISOString() })),
        };
      }),
    };
  }

  /**
   * The encrypted name, size and type as a small OpenPGP message for the caller alone: their own
   * PKESK packet(s) followed by the metadata packet. Whoever the file is shared with later reads it
   * the same way. 403 `no_access_yet` for a member the file is not (yet) encrypted to.
   */
  @Transactional()
  async metadata(user: AuthUser, attachmentId: string): Promise<Buffer> {
    const { row, thread } = await this.requireAttachment(user, attachmentId);
    const pkesks = await this.ownPkesks(user, attachmentId);
    if (pkesks.length === 0) throw AttachmentErrors.noAccessYet();
    if (!row.metadata) throw AttachmentErrors.metadataNotFound();
    await this.audit.record({
      action: 'attachment.read', subjectType: 'attachment', subjectId: attachmentId, caseId: thread.caseId,
      details: { threadId: thread.threadId, part: 'metadata' },
    });
    return Buffer.concat([...pkesks, row.metadata]);
  }

  /**
   * A member who cannot open an attachment of a message they can read asks for it. Kept once per
   * member and attachment (asking again changes nothing and tells nobody twice); the members who
   * can open it are told over the socket after commit, and see it in the thread's list until one
   * of them shares it.
   */
  @Transactional()
  async requestAccess(user: AuthUser, attachmentId: string): Promise<{ created: boolean; response: AccessRequestCreatedResponse }> {
    const { thread } = await this.requireAttachment(user, attachmentId);
    if ((await this.threads.visibleAttachments(thread, [attachmentId])).length === 0) throw CommonErrors.notFound('attachment');
    const [key] = await this.keys.currentKeys([user.id]);
    if (!key) throw AttachmentErrors.noKey();
    if ((await this.ownPkesks(user, attachmentId)).length > 0) throw AttachmentErrors.alreadyHasAccess();
    const inserted: { requested_at: Date }[] = await this.txHost.tx.query(
      `INSERT INTO attachment_access_request (attachment_id, user_id) VALUES ($1, $2)
       ON CONFLICT (attachment_id, user_id) DO NOTHING RETURNING requested_at`, [attachmentId, user.id]);
    const [request]: { requested_at: Date }[] = inserted.length ? inserted : await this.txHost.tx.query(
      `SELECT requested_at FROM attachment_access_request WHERE attachment_id = $1 AND user_id = $2`, [attachmentId, user.id]);
    const members = await this.threads.listMembers(thread.threadId);
    const openers = await this.openers(attachmentId, members.map((m) => m.userId));
    if (inserted.length) {
      await this.audit.record({
        action: 'attachment.access.requested', subjectType: 'attachment', subjectId: attachmentId, caseId: thread.caseId,
        details: { threadId: thread.threadId, told: openers.length },
      });
      const payload = { threadId: thread.threadId, attachmentId, requester: { userId: user.id, displayName: user.displayName } };
      this.txHost.afterCommit(() => this.realtime.toUsers(openers.map((o) => o.userId), 'attachment:access-requested', payload));
    }
    return {
      created: inserted.length > 0,
      response: { attachmentId, requestedAt: new Date(request.requested_at).toISOString(), openers },
    };
  }
}
