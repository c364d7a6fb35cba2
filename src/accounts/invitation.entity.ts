import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { InvitationCaseRole, Role, Specialism } from './roles.js';

@Entity('invitation')
export class Invitation {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('bytea', { name: 'token_hash' }) tokenHash: Buffer;
  @Column('text') email: string;
  @Column('text', { name: 'display_name' }) displayName: string;
  @Column('text') role: Role;
  @Column('uuid', { name: 'organisation_id', nullable: true }) organisationId: string | null;
  @Column('uuid', { name: 'invited_by_id' }) invitedById: string;
  @Column('uuid', { name: 'case_id', nullable: true }) caseId: string | null;
  @Column('text', { name: 'case_role', nullable: true }) caseRole: InvitationCaseRole | null;
  /** An invited expert's specialism (issue 19), taken over by the account on acceptance. */
  @Column('text', { nullable: true }) specialism: Specialism | null;
  /** Issue 20: the child record linked to the account on acceptance (invitations as `child` only). */
  @Column('uuid', { name: 'child_id', nullable: true }) childId: string | null;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('timestamptz', { name: 'accepted_at', nullable: true }) acceptedAt: Date | null;
  @Column('uuid', { name: 'accepted_user_id', nullable: true }) acceptedUserId: string | null;
  @Column('timestamptz', { name: 'last_sent_at' }) lastSentAt: Date;
  @Column('integer', { name: 'send_count' }) sendCount: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
