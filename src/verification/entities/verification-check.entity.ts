import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const VERIFICATION_RESULTS = ['valid', 'expired', 'revoked', 'unknown'] as const;
export type VerificationResult = (typeof VERIFICATION_RESULTS)[number];

/** One public check of a code: when, by which organisation (if the checker was logged in), and the answer. No addresses. */
@Entity('verification_check')
export class VerificationCheck {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('timestamptz', { name: 'checked_at' }) checkedAt: Date;
  @Column('text') result: VerificationResult;
  @Column('uuid', { name: 'counsellor_id', nullable: true }) counsellorId: string | null;
  /** The counsellor's team, so its coordinators see the check. */
  @Column('uuid', { name: 'organisation_id', nullable: true }) organisationId: string | null;
  @Column('uuid', { name: 'credential_id', nullable: true }) credentialId: string | null;
  @Column('uuid', { name: 'verifier_organisation_id', nullable: true }) verifierOrganisationId: string | null;
}
