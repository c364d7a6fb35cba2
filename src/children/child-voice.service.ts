import { HttpStatus, Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import { CHILD_VOICE_READERS, mayReadChildVoice, mayWriteChildVoice, type ChildVoiceReader } from '../access/children.rules.js';
import { AuditService, READ_AUDIT } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { Permission } from '../auth/permission.js';
import { ChildAccountsService } from '../cases/child-accounts.service.js';
import { CommonErrors, DomainError } from '../common/domain-error.js';
import { Transactional, TransactionHost } from '../database/transaction-host.js';
import { RealtimeService } from '../messaging/realtime/realtime.service.js';
import type { ChildVoiceResponse, MyChildRecordsResponse, PutChildVoiceDto } from './dto/children.dto.js';

interface VoiceRow { child_id: string; case_id: string; text: string; visible_to: ChildVoiceReader[]; updated_at: Date }

/**
 * The child's voice: what a child wants their counsellor to know. Only the child linked to the
 * record writes it; the child decides who else reads it (`src/access/children.rules.ts`). A reader
 * the child did not choose gets 404, exactly as when there is no voice: they do not even learn that
 * the child wrote something. Audited without the text, and outside the parents' access log.
 */
@Injectable()
export class ChildVoiceService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly childAccounts: ChildAccountsService,
    private readonly realtime: RealtimeService,
  ) {}

  async readVoice(user: AuthUser, caseId: string, childId: string): Promise<ChildVoiceResponse> {
    const access = await this.access.requireCase(user, Permission.CaseRead, caseId);
    const child = await this.childAccounts.linkOf(caseId, childId);
    if (!child) throw CommonErrors.notFound('child');
    const row = await this.voiceRow(childId);
    const isOwnChild = child.userId === user.id;
    if (!mayReadChildVoice(access, { linkedUserId: child.userId, visibleTo: row?.visible_to ?? [] }) || (!row && !isOwnChild)) {
      throw CommonErrors.notFound('child_voice');
    }
    await this.audit.record({ action: 'child_voice.read', subjectType: 'child', subjectId: childId, details: { caseId } }, READ_AUDIT);
    return row ? voiceResponse(row) : emptyVoice(caseId, childId);
  }

  @Transactional()
  async saveVoice(user: AuthUser, caseId: string, childId: string, dto: PutChildVoiceDto): Promise<ChildVoiceResponse> {
    const access = await this.access.requireCase(user, Permission.CaseRead, caseId);
    const child = await this.childAccounts.linkOf(caseId, childId);
    if (!child) throw CommonErrors.notFound('child');
    if (!mayWriteChildVoice(access, { linkedUserId: child.userId })) throw ChildVoiceErrors.onlyTheChild();
    const visibleTo = CHILD_VOICE_READERS.filter((r) => r === 'counsellor' || dto.visibleTo.includes(r));
    const before = await this.voiceRow(childId);
    const [row]: VoiceRow[] = await this.txHost.tx.query(
      `INSERT INTO child_voice (child_id, case_id, text, visible_to, updated_by_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (child_id) DO UPDATE SET text = EXCLUDED.text, visible_to = EXCLUDED.visible_to, updated_by_id = EXCLUDED.updated_by_id, updated_at = now()
       RETURNING child_id, case_id, text, visible_to, updated_at`,
      [childId, caseId, dto.text, visibleTo, user.id],
    );
    await this.audit.record({ action: 'child_voice.saved', subjectType: 'child', subjectId: childId, details: { caseId, visibleTo, length: dto.text.length } });
    // Readers before and after: a reader the child no longer chose drops it from an open screen too.
    // The same rule that decides a read picks the audience, so the push never reaches someone a read would refuse.
    const readersOf = { linkedUserId: child.userId, visibleTo: [...new Set([...visibleTo, ...(before?.visible_to ?? [])])] };
    const readers = await this.access.caseAudience(caseId, (a) => mayReadChildVoice(a, readersOf));
    this.txHost.afterCommit(() => this.realtime.toUsers(readers, 'child:voice', { caseId, childId }));
    return voiceResponse(row);
  }

  /** The caller's own child records (a child's home), each with the voice as the child last saved it. */
  async myRecords(user: AuthUser): Promise<MyChildRecordsResponse> {
    const records = await this.childAccounts.recordsOf(user.id);
    const rows: VoiceRow[] = records.length === 0 ? [] : await this.txHost.tx.query(
      `SELECT child_id, case_id, text, visible_to, updated_at FROM child_voice WHERE child_id = ANY($1::uuid[])`,
      [records.map((r) => r.childId)],
    );
    const byChild = new Map(rows.map((r) => [r.child_id, r]));
    await this.audit.record({ action: 'child_records.read', subjectType: 'user', subjectId: user.id, details: { count: records.length } }, READ_AUDIT);
    return {
      items: records.map((r) => {
        const voice = byChild.get(r.childId);
        return { ...r, voice: voice ? voiceResponse(voice) : emptyVoice(r.caseId, r.childId) };
      }),
    };
  }

  private async voiceRow(childId: string): Promise<VoiceRow | undefined> {
    const [row]: VoiceRow[] = await this.txHost.tx.query(
      `SELECT child_id, case_id, text, visible_to, updated_at FROM child_voice WHERE child_id = $1`, [childId],
    );
    return row;
  }
}

export const ChildVoiceErrors = {
  onlyTheChild: () => new DomainError(HttpStatus.FORBIDDEN, 'only_the_child', {
    nl: 'Alleen het kind zelf schrijft dit.',
    en: 'Only the child writes this.',
  }),
};

function voiceResponse(row: VoiceRow): ChildVoiceResponse {
  return { childId: row.child_id, caseId: row.case_id, text: row.text, visibleTo: row.visible_to, updatedAt: row.updated_at.toISOString() };
}

function emptyVoice(caseId: string, childId: string): ChildVoiceResponse {
  return { childId, caseId, text: '', visibleTo: ['counsellor'], updatedAt: null };
}
