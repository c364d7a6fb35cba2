import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Role, Specialism } from './roles.js';

@Entity('app_user')
export class User {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') email: string;
  @Column('text', { name: 'display_name' }) displayName: string;
  @Column('text') role: Role;
  @Column('uuid', { name: 'organisation_id', nullable: true }) organisationId: string | null;
  @Column('text', { name: 'password_hash', select: false }) passwordHash: string;
  @Column('text', { name: 'totp_secret', nullable: true, select: false }) totpSecret: string | null;
  @Column('timestamptz', { name: 'totp_enabled_at', nullable: true }) totpEnabledAt: Date | null;
  @Column('bigint', { name: 'totp_last_step', nullable: true, select: false }) totpLastStep: string | null;
  /** What an expert of the expert pool is consulted for (issue 19); null for everyone else. */
  @Column('text', { nullable: true }) specialism: Specialism | null;
  @Column('timestamptz', { name: 'disabled_at', nullable: true }) disabledAt: Date | null;
  /** Why an administrator or coordinator disabled the account: for them, never for the person or the audit log. */
  @Column('text', { name: 'disabled_reason', nullable: true, select: false }) disabledReason: string | null;
  @Column('uuid', { name: 'disabled_by_id', nullable: true }) disabledById: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
