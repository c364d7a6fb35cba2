import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CaseStatus, DesiredSituation, HouseholdComposition, PlacementReason, SupportRequest } from './case-vocabulary.js';

@Entity('case_file')
export class CaseFile {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') reference: string;
  @Column('text') title: string;
  /** The support team that runs the case; its coordinators see it. */
  @Column('uuid', { name: 'team_id' }) teamId: string;
  @Column('text') status: CaseStatus;
  @Column('uuid', { name: 'lead_counsellor_id', nullable: true }) leadCounsellorId: string | null;
  @Column('text', { name: 'region_codes', array: true }) regionCodes: string[];
  @Column('text', { name: 'household_composition' }) householdComposition: HouseholdComposition;
  @Column('boolean', { name: 'registrant_has_custody', nullable: true }) registrantHasCustody: boolean | null;
  @Column('text', { name: 'placement_reasons', array: true }) placementReasons: PlacementReason[];
  @Column('text', { name: 'desired_situation', array: true }) desiredSituation: DesiredSituation[];
  @Column('text', { name: 'support_requests', array: true }) supportRequests: SupportRequest[];
  @Column('uuid', { name: 'created_by_id' }) createdById: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  /** When the case started for the monitor: when its registration was received, else when it was created. */
  @Column('timestamptz', { name: 'started_at' }) startedAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
