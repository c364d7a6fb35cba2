import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { OrganisationKind } from './roles.js';

@Entity('organisation')
export class Organisation {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text') kind: OrganisationKind;
  /** Verified mail domains (lower case): invitations into this organisation by anyone outside it need an address here. */
  @Column('text', { name: 'mail_domains', array: true, default: () => `'{}'` }) mailDomains: string[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
