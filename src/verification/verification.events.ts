/**
 * Events the verification module publishes for other modules.
 *
 * IN-TRANSACTION hook, emitted with `await emitInTransaction(events, ...)` inside the issuing transaction:
 * a listener's `txHost.tx` writes commit or roll back with the credential. The attachments module
 * listens here to certify the counsellor's own key with the team key
 * (`OrganisationKeysService.certifyCounsellorKey`) and store the certification with that key.
 */
export class CredentialIssued {
  static readonly event = 'verification.credential.issued';
  constructor(
    readonly credentialId: string,
    readonly counsellorId: string,
    readonly organisationId: string,
    /** The counsellor key the statement names, or null when they have none. */
    readonly counsellorKeyFingerprint: string | null,
  ) {}
}

/**
 * IN-TRANSACTION: a credential was revoked (not superseded) — by a coordinator, or because the team key
 * that signed it was revoked as compromised; a counsellor's codes now answer `revoked`.
 */
export class CredentialRevoked {
  static readonly event = 'verification.credential.revoked';
  constructor(readonly credentialId: string, readonly counsellorId: string, readonly organisationId: string) {}
}
