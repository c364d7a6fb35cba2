import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The seal's foreign key to its event goes. Every sealed row made PostgreSQL look up and lock
 * (FOR KEY SHARE) its audit event through a plan cached on the sealer's long-lived connection; when
 * that plan was made while the event table was still small (or analysed empty), it is a sequential
 * scan, so sealing slowed down with every event ever written (measured: a batch of 2,000 seals took
 * ~4 s over ~75,000 events, and a burst of read events took minutes to seal). The key guarded
 * nothing that is not guarded twice already: events cannot be deleted (no DELETE grant for the app,
 * a trigger for the owner), and `npm run audit:verify` names any seal whose event is gone.
 */
export class AuditSealWithoutForeignKey1765600000000 implements MigrationInterface {
  name = 'AuditSealWithoutForeignKey1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_seal DROP CONSTRAINT audit_seal_event_seq_fkey`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_seal ADD CONSTRAINT audit_seal_event_seq_fkey FOREIGN KEY (event_seq) REFERENCES audit_event (seq)`);
  }
}
