import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { TransactionHost } from '../../database/transaction-host.js';
import { OrganisationKeysService } from '../../verification/organisation-keys.service.js';
import { CredentialIssued } from '../../verification/verification.events.js';

/**
 * When a coordinator issues a credential naming the counsellor's key, the team's organisation key
 * certifies that key and the certified key replaces the stored one, in the issuing transaction (a
 * failure is not suppressed: no credential without its certification): from
 * then on partners who fetch it (GET /api/users/{id}/keys) see in GnuPG that the team vouches for it.
 */
@Injectable()
export class CounsellorKeyCertificationListener {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly organisationKeys: OrganisationKeysService,
  ) {}

  @OnEvent(CredentialIssued.event, { promisify: true, suppressErrors: false })
  async certifyKey(event: CredentialIssued): Promise<void> {
    if (!event.counsellorKeyFingerprint) return;
    const [key]: { id: string; public_key: string }[] = await this.txHost.tx.query(
      `SELECT id, public_key FROM user_key WHERE user_id = $1 AND fingerprint = $2 AND retired_at IS NULL`,
      [event.counsellorId, event.counsellorKeyFingerprint],
    );
    if (!key) return;
    const { certifiedKey } = await this.organisationKeys.certifyCounsellorKey(event.organisationId, key.public_key);
    await this.txHost.tx.query(`UPDATE user_key SET public_key = $2 WHERE id = $1`, [key.id, certifiedKey]);
  }
}
