import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

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
  /** After a rotation: the key this one replaced, which certified it. */
  @Column('uuid', { name: 'predecessor_id', nullable: true }) predecessorId: string | null;
}
