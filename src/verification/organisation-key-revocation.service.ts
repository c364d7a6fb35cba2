import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { CommonErrors } from '../common/domain-error.js';
import { Transactional, TransactionHost } from '../database/transaction-host.js';
import { CredentialsService, type CredentialActor } from './credentials.service.js';
import type { KeyRevocationReason } from './entities/organisation-key.entity.js';
import { OrganisationKeysService } from './organisation-keys.service.js';

export interface KeyRevocation {
  organisationId: string;
  reason: KeyRevocationReason;
  /** The team's new signing key. */
  fingerprint: string;
  createdAt: Date;
  /** The key that was current until now. */
  previousFingerprint: string;
  /** Every key revoked now, the previous one first (after a compromise, retired keys too). */
  revokedFingerprints: string[];
  revokedAt: Date;
  /** Credentials revoked because a compromised key signed them; 0 for `superseded`. */
  credentialsRevoked: number;
  /** Of those, the ones issued again under the new key. */
  credentialsReissued: number;
}

/**
 * Revoking a team's organisation key (`POST /api/organisations/{id}/key/revoke`): the key revocation
 * and its successor (OrganisationKeysService), then — after a compromise — the credentials the
 * revoked keys signed (CredentialsService), all in one transaction with their audit events.
 */
@Injectable()
export class OrganisationKeyRevocationService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly organisationKeys: OrganisationKeysService,
    private readonly credentials: CredentialsService,
    private readonly audit: AuditService,
  ) {}

  /** Coordinators revoke their own team's key, as they rotate it. Another team's key answers 404. */
  @Transactional()
  async revokeOrganisationKey(actor: CredentialActor, organisationId: string, reason: KeyRevocationReason, note: string | null): Promise<KeyRevocation> {
    if (actor.role !== 'coordinator' || actor.organisationId !== organisationId) throw CommonErrors.notFound('organisation');
    const { revoked, created } = await this.organisationKeys.revokeAndReplace(organisationId, reason, note);
    const credentials = reason === 'compromised'
      ? await this.credentials.revokeSignedByCompromisedKeys(actor, revoked.map((k) => k.id))
      : { revoked: 0, reissued: 0 };
    const [previous] = revoked;
    await this.audit.record({
      action: 'organisation_key.revoked', subjectType: 'organisation', subjectId: organisationId, actorUserId: actor.id, actorRole: actor.role,
      // Fingerprints and counts only: the note is free text and stays with the key.
      details: {
        reason,
        fingerprint: previous.fingerprint,
        revokedFingerprints: revoked.map((k) => k.fingerprint),
        newFingerprint: created.fingerprint,
        credentialsRevoked: credentials.revoked,
        credentialsReissued: credentials.reissued,
        withNote: note !== null,
      },
    });
    return {
      organisationId,
      reason,
      fingerprint: created.fingerprint,
      createdAt: created.createdAt,
      previousFingerprint: previous.fingerprint,
      revokedFingerprints: revoked.map((k) => k.fingerprint),
      revokedAt: previous.revokedAt!,
      credentialsRevoked: credentials.revoked,
      credentialsReissued: credentials.reissued,
    };
  }
}
