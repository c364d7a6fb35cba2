import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** `key_compromised`: the organisation key that signed it was revoked as compromised (the credential was re-issued if still valid). */
export type CredentialRevocationReason = 'revoked' | 'superseded' | 'key_compromised';

/** A coordinator's signed statement that a counsellor belongs to the team, until `validUntil` or revocation. */
@Entity('counsellor_credential')
export class CounsellorCredential {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'counsellor_id' }) counsellorId: string;
  @Column('uuid', { name: 'organisation_id' }) organisationId: string;
  @Column('uuid', { name: 'organisation_key_id' }) organisationKeyId: string;
  @Column('uuid', { name: 'issued_by_id' }) issuedById: string;
  @Column('timestamptz', { name: 'issued_at' }) issuedAt: Date;
  @Column('timestamptz', { name: 'valid_until' }) validUntil: Date;
  @Column('text', { name: 'counsellor_key_fingerprint', nullable: true }) counsellorKeyFingerprint: string | null;
  /** The OpenPGP clear-signed statement, exactly as signed. */
  @Column('text') statement: string;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
  @Column('uuid', { name: 'revoked_by_id', nullable: true }) revokedById: string | null;
  /** `superseded` when a coordinator issued a new credential in its place. */
  @Column('text', { name: 'revocation_reason', nullable: true }) revocationReason: CredentialRevocationReason | null;
}
