import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A short-lived code a counsellor shows a partner. Only its hash is stored. */
@Entity('verification_code')
export class VerificationCode {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('bytea', { name: 'code_hash' }) codeHash: Buffer;
  @Column('uuid', { name: 'counsellor_id' }) counsellorId: string;
  @Column('uuid', { name: 'credential_id' }) credentialId: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
}
