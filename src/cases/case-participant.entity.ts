import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CaseRole } from './case-vocabulary.js';

@Entity('case_participant')
export class CaseParticipant {
  @PrimaryColumn('uuid', { name: 'case_id' }) caseId: string;
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  @Column('text') role: CaseRole;
  @Column('uuid', { name: 'added_by_id', nullable: true }) addedById: string | null;
  @Column('timestamptz', { name: 'added_at' }) addedAt: Date;
}
