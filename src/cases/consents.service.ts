import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { type CaseAccess, sideOf } from '../access/access.rules.js';
import { AccessService } from '../access/access.service.js';
import { AuditService, READ_AUDIT } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { Permission } from '../auth/permission.js';
import { CommonErrors } from '../common/domain-error.js';
import { Transactional, TransactionHost } from '../database/transaction-host.js';
import type { ConsentScope } from './case-vocabulary.js';
import { CaseErrors } from './cases.errors.js';
import { CaseAccessChanged } from './cases.events.js';
import type { ConsentResponse, GrantConsentDto } from './dto/consent.dto.js';

interface ConsentRow {
  id: string;
  grantee_user_id: string | null;
  grantee_user_name: string | null;
  grantee_user_org_name: string | null;
  grantee_organisation_id: string | null;
  grantee_organisation_name: string | null;
  scopes: ConsentScope[];
  expires_at: Date | null;
  granted_by_id: string;
  granted_by_name: string;
  recorded_by_id: string;
  recorded_by_name: string;
  given_in_person: boolean;
  created_at: Date;
  revoked_at: Date | null;
  revoked_by_id: string | null;
  revoked_by_name: string | null;
}

const SELECT_CONSENT = `
  SELECT k.id, k.grantee_user_id, gu.display_name AS grantee_user_name, guo.name AS grantee_user_org_name,
         k.grantee_organisation_id, go.name AS grantee_organisation_name, k.scopes, k.expires_at,
         k.granted_by_id, gb.display_name AS granted_by_name, k.recorded_by_id, rb.display_name AS recorded_by_name,
         k.given_in_person, k.created_at, k.revoked_at, k.revoked_by_id, vb.display_name AS revoked_by_name
    FROM case_consent k
    LEFT JOIN app_user gu ON gu.id = k.grantee_user_id
    LEFT JOIN organisation guo ON guo.id = gu.organisation_id
    LEFT JOIN organisation go ON go.id = k.grantee_organisation_id
    JOIN app_user gb ON gb.id = k.granted_by_id
    JOIN app_user rb ON rb.id = k.recorded_by_id
    LEFT JOIN app_user vb ON vb.id = k.revoked_by_id`;

/**
 * A parent's consent: per grantee (a user or a whole organisation), per scope, optionally until a
 * date. Read fresh on every request by the access layer (src/access), so a revocation counts for the next request.
 */
@Injectable()
export class ConsentsService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly events: EventEmitter2,
  ) {}

  /** Tells the grantee (a person, or the organisation's people in this case) that what they see changed. */
  private async accessChanged(caseId: string, consentId: string): Promise<void> {
    const people: { user_id: string }[] = await this.txHost.tx.query(
      `SELECT p.user_id FROM case_consent k JOIN case_participant p ON p.case_id = k.case_id
         JOIN app_user u ON u.id = p.user_id
        WHERE k.id = $1 AND (p.user_id = k.grantee_user_id OR u.organisation_id = k.grantee_organisation_id)`,
      [consentId],
    );
    if (people.length) this.events.emit(CaseAccessChanged.event, new CaseAccessChanged(caseId, people.map((p) => p.user_id)));
  }

  @Transactional()
  async grantConsent(user: AuthUser, caseId: string, dto: GrantConsentDto): Promise<ConsentResponse> {
    const access = await this.access.requireCase(user, Permission.CaseConsentManage, caseId);
    const inPerson = sideOf(access) !== 'parent';
    const parentId = await this.givingParent(access, inPerson, dto.givenByParentId);
    if ((dto.granteeUserId === undefined) === (dto.granteeOrganisationId === undefined)) throw CaseErrors.oneGrantee();
    if (dto.expiresAt !== undefined && new Date(dto.expiresAt).getTime() <= Date.now()) throw CaseErrors.consentExpiryInPast();
    if (dto.granteeUserId) {
      const [grantee]: { role: string }[] = await this.txHost.tx.query(`SELECT role FROM app_user WHERE id = $1 AND disabled_at IS NULL`, [dto.granteeUserId]);
      if (!grantee) throw CaseErrors.unknownUser('granteeUserId');
      if (grantee.role === 'admin') throw CaseErrors.userIsAdmin('granteeUserId');
    } else {
      const rows = await this.txHost.tx.query(`SELECT 1 FROM organisation WHERE id = $1`, [dto.granteeOrganisationId]);
      if (rows.length === 0) throw CaseErrors.unknownOrganisation();
    }
    // One grant per grantee: granting again changes the active grant's scopes (and end date).
    // The case row is locked so two grants at once cannot both insert.
    await this.txHost.tx.query(`SELECT 1 FROM case_file WHERE id = $1 FOR UPDATE`, [caseId]);
    const current: { id: string; scopes: ConsentScope[] }[] = await this.txHost.tx.query(
      `SELECT id, scopes FROM case_consent
        WHERE case_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
          AND grantee_user_id IS NOT DISTINCT FROM $2::uuid AND grantee_organisation_id IS NOT DISTINCT FROM $3::uuid
        ORDER BY created_at DESC, id DESC FOR UPDATE`,
      [caseId, dto.granteeUserId ?? null, dto.granteeOrganisationId ?? null],
    );
    if (current.length > 0) return this.changeGrant(user, caseId, current, dto, parentId, inPerson);
    const [row]: { id: string }[] = await this.txHost.tx.query(
      `INSERT INTO case_consent (case_id, grantee_user_id, grantee_organisation_id, scopes, expires_at, granted_by_id, recorded_by_id, given_in_person)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [caseId, dto.granteeUserId ?? null, dto.granteeOrganisationId ?? null, dto.scopes, dto.expiresAt ?? null, parentId, user.id, inPerson],
    );
    await this.audit.record({
      action: 'case.consent.granted', subjectType: 'consent', subjectId: row.id, caseId,
      details: { scopes: dto.scopes, grantee: dto.granteeUserId ? 'user' : 'organisation', granteeId: dto.granteeUserId ?? dto.granteeOrganisationId, inPerson, expires: dto.expiresAt !== undefined },
    });
    await this.accessChanged(caseId, row.id);
    return this.one(caseId, row.id);
  }

  /**
   * Granting again to a grantee that holds an active grant: that grant gets the new scopes and end
   * date; grants that were doubled before this rule are ended, so one grant per grantee remains.
   */
  private async changeGrant(user: AuthUser, caseId: string, current: { id: string; scopes: ConsentScope[] }[], dto: GrantConsentDto, parentId: string, inPerson: boolean): Promise<ConsentResponse> {
    const [kept, ...doubles] = current;
    await this.txHost.tx.query(
      `UPDATE case_consent SET scopes = $2, expires_at = $3, granted_by_id = $4, recorded_by_id = $5, given_in_person = $6 WHERE id = $1`,
      [kept.id, dto.scopes, dto.expiresAt ?? null, parentId, user.id, inPerson],
    );
    for (const double of doubles) {
      await this.txHost.tx.query(`UPDATE case_consent SET revoked_at = now(), revoked_by_id = $2 WHERE id = $1`, [double.id, user.id]);
    }
    await this.audit.record({
      action: 'case.consent.changed', subjectType: 'consent', subjectId: kept.id, caseId,
      details: {
        scopes: dto.scopes, previousScopes: kept.scopes, grantee: dto.granteeUserId ? 'user' : 'organisation', granteeId: dto.granteeUserId ?? dto.granteeOrganisationId,
        inPerson, expires: dto.expiresAt !== undefined, mergedDoubles: doubles.length,
      },
    });
    await this.accessChanged(caseId, kept.id);
    return this.one(caseId, kept.id);
  }

  async listConsents(user: AuthUser, caseId: string): Promise<{ items: ConsentResponse[]; nextCursor: null }> {
    const access = await this.access.requireCase(user, Permission.CaseConsentRead, caseId);
    const onlyOwn = sideOf(access) === 'partner';
    const rows: ConsentRow[] = await this.txHost.tx.query(
      `${SELECT_CONSENT}
        WHERE k.case_id = $1 AND (NOT $2::boolean OR k.grantee_user_id = $3 OR k.grantee_organisation_id = $4::uuid)
        ORDER BY k.created_at DESC, k.id DESC`,
      [caseId, onlyOwn, access.userId, access.organisationId],
    );
    await this.audit.record({ action: 'case.consents.read', subjectType: 'consent', caseId, details: { count: rows.length } }, READ_AUDIT);
    return { items: rows.map(toResponse), nextCursor: null };
  }

  /** Revokes at once. Revoking again changes nothing and answers the same. */
  @Transactional()
  async revokeConsent(user: AuthUser, caseId: string, consentId: string, givenByParentId?: string): Promise<ConsentResponse> {
    const access = await this.access.requireCase(user, Permission.CaseConsentManage, caseId);
    const inPerson = sideOf(access) !== 'parent';
    await this.givingParent(access, inPerson, givenByParentId);
    const exists = await this.txHost.tx.query(`SELECT revoked_at FROM case_consent WHERE id = $1 AND case_id = $2 FOR UPDATE`, [consentId, caseId]);
    if (exists.length === 0) throw CommonErrors.notFound('consent');
    if (exists[0].revoked_at === null) {
      await this.txHost.tx.query(`UPDATE case_consent SET revoked_at = now(), revoked_by_id = $2 WHERE id = $1`, [consentId, user.id]);
      await this.audit.record({ action: 'case.consent.revoked', subjectType: 'consent', subjectId: consentId, caseId, details: { inPerson } });
      await this.accessChanged(caseId, consentId);
    }
    return this.one(caseId, consentId);
  }

  /** Whose consent this is: the parent themself, or (recorded in person by a counsellor) the parent they name. */
  private async givingParent(access: CaseAccess, inPerson: boolean, givenByParentId: string | undefined): Promise<string> {
    if (!inPerson) {
      if (givenByParentId !== undefined && givenByParentId !== access.userId) throw CaseErrors.givenByParentNotAllowed();
      return access.userId;
    }
    if (!givenByParentId) throw CaseErrors.givenByParentRequired();
    const rows = await this.txHost.tx.query(
      `SELECT 1 FROM case_participant WHERE case_id = $1 AND user_id = $2 AND role = 'parent'`,
      [access.caseId, givenByParentId],
    );
    if (rows.length === 0) throw CaseErrors.givenByParentNotParent();
    return givenByParentId;
  }

  private async one(caseId: string, consentId: string): Promise<ConsentResponse> {
    const [row]: ConsentRow[] = await this.txHost.tx.query(`${SELECT_CONSENT} WHERE k.case_id = $1 AND k.id = $2`, [caseId, consentId]);
    return toResponse(row);
  }
}

function toResponse(row: ConsentRow): ConsentResponse {
  const state = row.revoked_at ? 'revoked' : row.expires_at && row.expires_at.getTime() <= Date.now() ? 'expired' : 'active';
  return {
    id: row.id,
    grantee: row.grantee_user_id
      ? { type: 'user', id: row.grantee_user_id, name: row.grantee_user_name ?? '', organisationName: row.grantee_user_org_name }
      : { type: 'organisation', id: row.grantee_organisation_id!, name: row.grantee_organisation_name ?? '' },
    scopes: row.scopes,
    expiresAt: row.expires_at?.toISOString() ?? null,
    grantedBy: { id: row.granted_by_id, displayName: row.granted_by_name },
    recordedBy: { id: row.recorded_by_id, displayName: row.recorded_by_name },
    givenInPerson: row.given_in_person,
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    revokedBy: row.revoked_by_id ? { id: row.revoked_by_id, displayName: row.revoked_by_name ?? '' } : null,
    state,
  };
}
