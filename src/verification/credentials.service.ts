import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { ModuleRef } from '@nestjs/core';
import type { Role } from '../accounts/roles.js';
import { AuditService, type AuditEntry } from '../audit/audit.service.js';
import { AppConfig } from '../config/app-config.js';
import { CommonErrors } from '../common/domain-error.js';
import { Transactional, TransactionHost } from '../database/transaction-host.js';
import { emitInTransaction } from '../database/in-transaction-events.js';
import { COUNSELLOR_KEYS, type CounsellorKeys } from './counsellor-keys.js';
import { composeCredentialStatement } from './credential-statement.js';
import { CounsellorCredential } from './entities/counsellor-credential.entity.js';
import type { OrganisationKey } from './entities/organisation-key.entity.js';
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

/** What revoking the credentials of a compromised key did. */
export interface CompromisedKeyCredentials {
  /** Every credential the compromised keys signed that was still in force (valid or expired, not revoked). */
  revoked: number;
  /** Those still valid, issued again under the team's new key with the same `validUntil`. */
  reissued: number;
}

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
    private readonly moduleRef: ModuleRef,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  private get counsellorKeys(): CounsellorKeys {
    return this.moduleRef.get<CounsellorKeys>(COUNSELLOR_KEYS, { strict: false });
  }

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

    // Team key first, then the counsellor (the order revoking a team key takes them in): no statement
    // is signed with a key that is being revoked.
    await this.organisationKeys.lockKeysOf(counsellor.organisation_id);
    await this.lockCredentialsOf(counsellorId);
    const previous = await this.currentCredential(counsellorId);
    const counsellorKeyFingerprint = await this.counsellorKeys.currentFingerprint(counsellorId);
    const key = await this.organisationKeys.currentKey(counsellor.organisation_id);
    // Taken once the locks are held: a credential issued while this one waited is older than this one.
    const issuedAt = new Date();
    if (validUntil.getTime() <= issuedAt.getTime()) throw VerificationErrors.validUntilInPast();
    if (previous) {
      await this.credentials.update({ id: previous.id }, { revokedAt: issuedAt, revokedById: issuer.id, revocationReason: 'superseded' });
    }
    const credential = await this.signAndStore(counsellor, key, issuer.id, { issuedAt, validUntil, counsellorKeyFingerprint });
    const id = credential.id;
    if (previous) {
      // Codes shown under the superseded credential go on answering, now for the new one.
      await this.txHost.tx.query(`UPDATE verification_code SET credential_id = $1 WHERE credential_id = $2 AND expires_at > now()`, [id, previous.id]);
    }
    await this.audit.record({
      action: 'credential.issued', subjectType: 'user', subjectId: counsellorId, actorUserId: issuer.id, actorRole: issuer.role,
      details: { credentialId: id, validUntil: validUntil.toISOString(), organisationKeyFingerprint: key.fingerprint, supersedes: previous?.id ?? null },
    });
    await emitInTransaction(this.events, CredentialIssued.event, new CredentialIssued(id, counsellorId, counsellor.organisation_id, counsellorKeyFingerprint));
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
    await emitInTransaction(this.events, CredentialRevoked.event, new CredentialRevoked(current.id, counsellorId, counsellor.organisation_id));
    return this.view({ ...current, revokedAt, revokedById: issuer.id, revocationReason: 'revoked' });
  }

  /**
   * After a team key was revoked as compromised (in that transaction, holding the team's key lock):
   * every credential signed by one of `keyIds` and not revoked yet is revoked (`key_compromised`: its
   * codes answer `revoked` from now on), and each that is still valid — its counsellor still an enabled
   * counsellor of the team — is issued again with the team's current key: the same counsellor key and
   * `validUntil`, a new statement and id. The counsellor then shows a fresh code.
   */
  async revokeSignedByCompromisedKeys(actor: CredentialActor, keyIds: string[]): Promise<CompromisedKeyCredentials> {
    if (keyIds.length === 0) return { revoked: 0, reissued: 0 };
    const counsellorIds: { counsellor_id: string }[] = await this.txHost.tx.query(
      `SELECT DISTINCT counsellor_id FROM counsellor_credential WHERE organisation_key_id = ANY($1::uuid[]) AND revoked_at IS NULL ORDER BY counsellor_id`,
      [keyIds],
    );
    for (const { counsellor_id } of counsellorIds) await this.lockCredentialsOf(counsellor_id);
    const affected = await this.credentials.createQueryBuilder('c')
      .where('c.organisation_key_id IN (:...keyIds) AND c.revoked_at IS NULL', { keyIds })
      .orderBy('c.counsellor_id').getMany();
    if (affected.length === 0) return { revoked: 0, reissued: 0 };

    const members = new Map((await this.txHost.tx.query(
      `SELECT u.id, u.display_name, u.role, u.organisation_id, o.name AS organisation_name, u.disabled_at
         FROM app_user u JOIN organisation o ON o.id = u.organisation_id
        WHERE u.id = ANY($1::uuid[]) AND o.kind = 'support_team'`,
      [affected.map((c) => c.counsellorId)],
    ) as TeamMember[]).map((m) => [m.id, m]));
    const keysByOrganisation = new Map<string, OrganisationKey>();
    const revokedAt = new Date();
    const audit: AuditEntry[] = [];
    const revokedEvents: CredentialRevoked[] = [];
    const issuedEvents: CredentialIssued[] = [];
    let reissued = 0;
    for (const old of affected) {
      await this.credentials.update({ id: old.id }, { revokedAt, revokedById: actor.id, revocationReason: 'key_compromised' });
      audit.push({
        action: 'credential.revoked', subjectType: 'user', subjectId: old.counsellorId, actorUserId: actor.id, actorRole: actor.role,
        details: { credentialId: old.id, reason: 'key_compromised' },
      });
      revokedEvents.push(new CredentialRevoked(old.id, old.counsellorId, old.organisationId));

      const member = members.get(old.counsellorId);
      const stillValid = old.validUntil.getTime() > Date.now() + 60_000 && member?.role === 'counsellor' && !member.disabled_at
        && member.organisation_id === old.organisationId;
      if (!member || !stillValid) continue;
      let key = keysByOrganisation.get(old.organisationId);
      if (!key) {
        key = await this.organisationKeys.currentKey(old.organisationId);
        keysByOrganisation.set(old.organisationId, key);
      }
      const credential = await this.signAndStore(member, key, actor.id, {
        issuedAt: revokedAt, validUntil: old.validUntil, counsellorKeyFingerprint: old.counsellorKeyFingerprint,
      });
      reissued++;
      audit.push({
        action: 'credential.issued', subjectType: 'user', subjectId: old.counsellorId, actorUserId: actor.id, actorRole: actor.role,
        details: {
          credentialId: credential.id, validUntil: credential.validUntil.toISOString(), organisationKeyFingerprint: key.fingerprint,
          supersedes: null, reissues: old.id,
        },
      });
      issuedEvents.push(new CredentialIssued(credential.id, old.counsellorId, old.organisationId, credential.counsellorKeyFingerprint));
    }
    await this.audit.recordMany(audit);
    for (const event of revokedEvents) await emitInTransaction(this.events, CredentialRevoked.event, event);
    // Listeners certify the counsellors' own keys with the new team key, as at any issue.
    for (const event of issuedEvents) await emitInTransaction(this.events, CredentialIssued.event, event);
    return { revoked: affected.length, reissued };
  }

  /**
   * For a counsellor (re-)uploading their own key: when their valid credential names this key, the
   * key certified by the team's current key (as issuing the credential did), so uploading it again
   * does not drop the team's certification. Otherwise the key unchanged. In the caller's transaction.
   */
  async certifyVouchedKey(userId: string, fingerprint: string, armoredPublicKey: string): Promise<string> {
    const [credential]: { organisation_id: string }[] = await this.txHost.tx.query(
      `SELECT c.organisation_id FROM counsellor_credential c JOIN app_user u ON u.id = c.counsellor_id
        WHERE c.counsellor_id = $1 AND c.counsellor_key_fingerprint = $2 AND c.revoked_at IS NULL AND c.valid_until > now()
          AND u.role = 'counsellor' AND u.disabled_at IS NULL AND u.organisation_id = c.organisation_id`,
      [userId, fingerprint.toUpperCase()],
    );
    if (!credential) return armoredPublicKey;
    // Not while the team key is being revoked: certify with the key that is current once that is done.
    await this.organisationKeys.lockKeysOf(credential.organisation_id);
    return (await this.organisationKeys.certifyCounsellorKey(credential.organisation_id, armoredPublicKey)).certifiedKey;
  }

  /** Signs the statement for `member` with `key` and stores it as their current credential. */
  private async signAndStore(
    member: TeamMember, key: OrganisationKey, issuerId: string,
    facts: { issuedAt: Date; validUntil: Date; counsellorKeyFingerprint: string | null },
  ): Promise<CounsellorCredential> {
    const id = randomUUID();
    const statement = await this.organisationKeys.clearSignWith(key, composeCredentialStatement({
      credentialId: id,
      counsellorName: member.display_name,
      organisationName: member.organisation_name,
      organisationId: member.organisation_id,
      organisationFingerprint: key.fingerprint,
      counsellorKeyFingerprint: facts.counsellorKeyFingerprint,
      issuedAt: facts.issuedAt,
      validUntil: facts.validUntil,
      publicUrl: this.config.PUBLIC_URL,
    }));
    return this.credentials.save(this.credentials.create({
      id,
      counsellorId: member.id,
      organisationId: member.organisation_id,
      organisationKeyId: key.id,
      issuedById: issuerId,
      issuedAt: facts.issuedAt,
      validUntil: facts.validUntil,
      counsellorKeyFingerprint: facts.counsellorKeyFingerprint,
      statement,
      revokedAt: null,
      revokedById: null,
      revocationReason: null,
    }));
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
