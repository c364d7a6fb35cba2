import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** `compromised`: nothing it signed can be trusted; `superseded`: replaced, what it signed before stays valid. */
export const KEY_REVOCATION_REASONS = ['compromised', 'superseded'] as const;
export type KeyRevocationReason = (typeof KEY_REVOCATION_REASONS)[number];

/** A support team's OpenPGP signing key. One is current; retired ones stay published so old statements verify. */
@Entity('organisation_key')
export class OrganisationKey {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'organisation_id' }) organisationId: string;
  /** Upper-case hex, 40 characters (v4). */
  @Column('text') fingerprint: string;
  /** The user ID's mail address, on the portal's domain; Web Key Directory serves the key under it. */
  @Column('text') email: string;
  @Column('text', { name: 'wkd_hash' }) wkdHash: string;
  /** ASCII-armoured, with the predecessor's certification after a rotation. */
  @Column('text', { name: 'public_key' }) publicKey: string;
  /** ASCII-armoured secret key, encrypted under the key-encryption passphrase. Never selected by default. */
  @Column('text', { name: 'encrypted_private_key', select: false }) encryptedPrivateKey: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'retired_at', nullable: true }) retiredAt: Date | null;
  /** After a rotation or revocation: the key this one replaced, which certified it (unless it was compromised). */
  @Column('uuid', { name: 'predecessor_id', nullable: true }) predecessorId: string | null;
  /** Set with `retiredAt`: `publicKey` then carries the revocation signature, so partners' GnuPG sees the key revoked. */
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
  @Column('text', { name: 'revocation_reason', nullable: true }) revocationReason: KeyRevocationReason | null;
  /** The coordinator's own note on why; kept here only, never published in the key. */
  @Column('text', { name: 'revocation_note', nullable: true }) revocationNote: string | null;
}
