import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { Role } from '../accounts/roles.js';
import { AuditService } from '../audit/audit.service.js';
import { AppConfig } from '../config/app-config.js';
import { CommonErrors } from '../common/domain-error.js';
import { Transactional, TransactionHost } from '../database/transaction-host.js';
import { CounsellorKeyLookup } from './counsellor-key-lookup.js';
import { composeCredentialStatement } from './credential-statement.js';
import { CounsellorCredential } from './entities/counsellor-credential.entity.js';
import { OrganisationKeysService } from './organisation-keys.service.js';
import { VerificationErrors } from './verification.errors.js';
import { CredentialIssued, CredentialRevoked } from './verification.events.js';

/** How long a credential may run: long enough to spare coordinators busywork, short enough to be re-checked in person. */
export const MAX_CREDENTIAL_DAYS = 730;

/** Who acts: the logged-in caller, or (for the demo) a coordinator acting outside a request. */
export interface CredentialActor {
  id: string;
  role: Role;
  organisationId: string | null;
}

export type CredentialStatus = 'valid' | 'expired' | 'revoked';

export interface CredentialView {
  id: string;
  counsellorId: string;
  statement: string;
  organisationFingerprint: string;
  counsellorKeyFingerprint: string | null;
  issuedAt: Date;
  validUntil: Date;
  revokedAt: Date | null;
  status: CredentialStatus;
}

interface TeamMember {
  id: string;
  display_name: string;
  role: Role;
  organisation_id: string;
  organisation_name: string;
  disabled_at: Date | null;
}

/**
 * Credentials: a coordinator, having checked a counsellor's identity in person, has the team key sign a
 * statement that the counsellor belongs to the team until a date. Revocation takes effect at once for
 * every code the counsellor has shown. One current credential per counsellor; a new one supersedes it.
 */
@Injectable()
export class CredentialsService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly organisationKeys: OrganisationKeysService,
    private readonly counsellorKeys: CounsellorKeyLookup,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  private get credentials() {
    return this.txHost.tx.getRepository(CounsellorCredential);
  }

  @Transactional()
  async issueCredential(issuer: CredentialActor, counsellorId: string, validUntil: Date): Promise<CredentialView> {
    if (issuer.id === counsellorId) throw VerificationErrors.ownCredential();
    const counsellor = await this.teamMemberOf(issuer, counsellorId);
    if (counsellor.role !== 'counsellor') throw VerificationErrors.notACounsellor();
    if (counsellor.disabled_at) throw VerificationErrors.accountDisabled();
    const now = Date.now();
    if (validUntil.getTime() <= now + 60_000) throw VerificationErrors.validUntilInPast();
    if (validUntil.getTime() > now + MAX_CREDENTIAL_DAYS * 86400_000) throw VerificationErrors.validUntilTooFar(MAX_CREDENTIAL_DAYS);

    await this.lockCredentialsOf(counsellorId);
    const previous = await this.currentCredential(counsellorId);
    const counsellorKeyFingerprint = await this.counsellorKeys.currentFingerprint(counsellorId);
    const key = await this.organisationKeys.currentKey(counsellor.organisation_id);
    const id = randomUUID();
    const issuedAt = new Date(now);
    const statement = await this.organisationKeys.clearSignWith(key, composeCredentialStatement({
      credentialId: id,
      counsellorName: counsellor.display_name,
      organisationName: counsellor.organisation_name,
      organisationId: counsellor.organisation_id,
      organisationFingerprint: key.fingerprint,
      counsellorKeyFingerprint,
      issuedAt,
      validUntil,
      publicUrl: this.config.PUBLIC_URL,
    }));

    if (previous) {
      await this.credentials.update({ id: previous.id }, { revokedAt: issuedAt, revokedById: issuer.id, revocationReason: 'superseded' });
    }
    const credential = await this.credentials.save(this.credentials.create({
      id,
      counsellorId,
      organisationId: counsellor.organisation_id,
      organisationKeyId: key.id,
      issuedById: issuer.id,
      issuedAt,
      validUntil,
      counsellorKeyFingerprint,
      statement,
      revokedAt: null,
      revokedById: null,
      revocationReason: null,
    }));
    if (previous) {
      // Codes shown under the superseded credential go on answering, now for the new one.
      await this.txHost.tx.query(`UPDATE verification_code SET credential_id = $1 WHERE credential_id = $2 AND expires_at > now()`, [id, previous.id]);
    }
    await this.audit.record({
      action: 'credential.issued', subjectType: 'user', subjectId: counsellorId, actorUserId: issuer.id, actorRole: issuer.role,
      details: { credentialId: id, validUntil: validUntil.toISOString(), organisationKeyFingerprint: key.fingerprint, supersedes: previous?.id ?? null },
    });
    await this.events.emitAsync(CredentialIssued.event, new CredentialIssued(id, counsellorId, counsellor.organisation_id, counsellorKeyFingerprint));
    return this.view(credential, key.fingerprint);
  }

  /** The counsellor's latest credential, current or revoked. Coordinators see their team's; counsellors their own. */
  async getCredential(viewer: CredentialActor, counsellorId: string): Promise<CredentialView> {
    if (viewer.role === 'counsellor' && viewer.id !== counsellorId) throw CommonErrors.notFound('user');
    await this.teamMemberOf(viewer, counsellorId);
    const latest = await this.credentials.findOne({ where: { counsellorId }, order: { issuedAt: 'DESC' } });
    if (!latest) throw VerificationErrors.noCredential();
    return this.view(latest);
  }

  /** Revokes the current credential at once: every code it backs answers `revoked` from now on. */
  @Transactional()
  async revokeCredential(issuer: CredentialActor, counsellorId: string): Promise<CredentialView> {
    const counsellor = await this.teamMemberOf(issuer, counsellorId);
    await this.lockCredentialsOf(counsellorId);
    const current = await this.currentCredential(counsellorId);
    if (!current) {
      const any = await this.credentials.existsBy({ counsellorId });
      throw any ? VerificationErrors.credentialAlreadyRevoked() : VerificationErrors.noCredential();
    }
    const revokedAt = new Date();
    await this.credentials.update({ id: current.id }, { revokedAt, revokedById: issuer.id, revocationReason: 'revoked' });
    await this.audit.record({
      action: 'credential.revoked', subjectType: 'user', subjectId: counsellorId, actorUserId: issuer.id, actorRole: issuer.role,
      details: { credentialId: current.id },
    });
    await this.events.emitAsync(CredentialRevoked.event, new CredentialRevoked(current.id, counsellorId, counsellor.organisation_id));
    return this.view({ ...current, revokedAt, revokedById: issuer.id, revocationReason: 'revoked' });
  }

  private async currentCredential(counsellorId: string): Promise<CounsellorCredential | null> {
    return this.credentials.createQueryBuilder('c')
      .where('c.counsellor_id = :counsellorId AND c.revoked_at IS NULL', { counsellorId }).getOne();
  }

  /**
   * A member of the actor's own support team, or 404: a coordinator never learns whether a user of
   * another organisation exists. (Read straight from the account tables: one row, no repository of
   * the accounts module is written to.)
   */
  private async teamMemberOf(actor: CredentialActor, userId: string): Promise<TeamMember> {
    if (!actor.organisationId) throw CommonErrors.notFound('user');
    const [member]: TeamMember[] = await this.txHost.tx.query(
      `SELECT u.id, u.display_name, u.role, u.organisation_id, o.name AS organisation_name, u.disabled_at
         FROM app_user u JOIN organisation o ON o.id = u.organisation_id
        WHERE u.id = $1 AND u.organisation_id = $2 AND o.kind = 'support_team'`,
      [userId, actor.organisationId],
    );
    if (!member) throw CommonErrors.notFound('user');
    return member;
  }

  /** Serialises issuing and revoking per counsellor, across every app process. */
  private async lockCredentialsOf(counsellorId: string): Promise<void> {
    await this.txHost.tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`counsellor_credential:${counsellorId}`]);
  }

  private async view(credential: CounsellorCredential, organisationFingerprint?: string): Promise<CredentialView> {
    const fingerprint = organisationFingerprint ?? (await this.organisationKeys.fingerprints([credential.organisationKeyId])).get(credential.organisationKeyId)!;
    const status: CredentialStatus = credential.revokedAt ? 'revoked' : credential.validUntil.getTime() <= Date.now() ? 'expired' : 'valid';
    return {
      id: credential.id,
      counsellorId: credential.counsellorId,
      statement: credential.statement,
      organisationFingerprint: fingerprint,
      counsellorKeyFingerprint: credential.counsellorKeyFingerprint,
      issuedAt: credential.issuedAt,
      validUntil: credential.validUntil,
      revokedAt: credential.revokedAt,
      status,
    };
  }
}
