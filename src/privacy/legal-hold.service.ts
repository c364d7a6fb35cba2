import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import { AuditService, READ_AUDIT } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { Permission } from '../auth/permission.js';
import { returnedRows } from '../database/returned-rows.js';
import { TransactionHost, Transactional } from '../database/transaction-host.js';
import type { LegalHoldResponse } from './dto/privacy.dto.js';
import { PrivacyErrors } from './privacy.errors.js';

interface HoldRow { case_id: string; reason: string; placed_at: Date; placed_by: string | null }

/**
 * Legal hold (issue 21): while a case is held, retention touches nothing of it (its file, its
 * messages, a registration that became it). A coordinator of the case's team places and lifts it;
 * the reason stays with the team and never enters the audit log (free text).
 */
@Injectable()
export class LegalHoldService {
  constructor(private readonly txHost: TransactionHost, private readonly audit: AuditService, private readonly access: AccessService) {}

  async get(user: AuthUser, caseId: string): Promise<LegalHoldResponse> {
    await this.access.requireCase(user, Permission.CaseLegalHold, caseId);
    const row = await this.find(caseId);
    await this.audit.record({ action: 'privacy.legal_hold.read', subjectType: 'case', subjectId: caseId }, READ_AUDIT);
    return toResponse(caseId, row);
  }

  @Transactional()
  async place(user: AuthUser, caseId: string, reason: string): Promise<LegalHoldResponse> {
    await this.access.requireCase(user, Permission.CaseLegalHold, caseId);
    const inserted = returnedRows(await this.txHost.tx.query(
      `INSERT INTO privacy_legal_hold (case_id, reason, placed_by_id) VALUES ($1, $2, $3) ON CONFLICT (case_id) DO NOTHING RETURNING case_id`,
      [caseId, reason.trim(), user.id]));
    if (inserted.length === 0) throw PrivacyErrors.legalHoldExists();
    await this.audit.record({ action: 'privacy.legal_hold.placed', subjectType: 'case', subjectId: caseId });
    return toResponse(caseId, await this.find(caseId));
  }

  @Transactional()
  async lift(user: AuthUser, caseId: string): Promise<LegalHoldResponse> {
    await this.access.requireCase(user, Permission.CaseLegalHold, caseId);
    const deleted = returnedRows(await this.txHost.tx.query(`DELETE FROM privacy_legal_hold WHERE case_id = $1 RETURNING case_id`, [caseId]));
    if (deleted.length === 0) throw PrivacyErrors.noLegalHold();
    await this.audit.record({ action: 'privacy.legal_hold.lifted', subjectType: 'case', subjectId: caseId });
    return toResponse(caseId, undefined);
  }

  private async find(caseId: string): Promise<HoldRow | undefined> {
    const [row]: HoldRow[] = await this.txHost.tx.query(
      `SELECT h.case_id, h.reason, h.placed_at, u.display_name AS placed_by
         FROM privacy_legal_hold h LEFT JOIN app_user u ON u.id = h.placed_by_id WHERE h.case_id = $1`, [caseId]);
    return row;
  }
}

function toResponse(caseId: string, row: HoldRow | undefined): LegalHoldResponse {
  return {
    caseId, held: !!row, reason: row?.reason ?? null,
    placedAt: row ? new Date(row.placed_at).toISOString() : null, placedBy: row?.placed_by ?? null,
  };
}
