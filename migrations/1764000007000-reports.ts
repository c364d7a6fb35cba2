import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the monthly monitor: which registrations and cases changed status since an instant
 * (a range scan instead of a status look-up for every row), and covering indexes so that the
 * status at an instant of those that did change is read from the index alone; and a narrow
 * covering index over the registration columns the report counts (the table itself holds the
 * registrants' names and messages), for index-only scans of a team's registrations.
 */
export class Reports1764000007000 implements MigrationInterface {
  name = 'Reports1764000007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX registration_status_history_changed_at_idx ON registration_status_history (changed_at) INCLUDE (registration_id)`);
    await q.query(`CREATE INDEX case_status_history_changed_at_idx ON case_status_history (changed_at) INCLUDE (case_id)`);
    await q.query(`CREATE INDEX registration_status_history_status_at_idx ON registration_status_history (registration_id, changed_at DESC, seq DESC) INCLUDE (to_status)`);
    await q.query(`CREATE INDEX case_status_history_status_at_idx ON case_status_history (case_id, changed_at DESC) INCLUDE (to_status)`);
    await q.query(`CREATE INDEX registration_report_idx ON registration (team_id, received_at)
      INCLUDE (id, route, registrant_type, status, first_contact_at, welcome_talk_planned_at, case_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX registration_report_idx, case_status_history_status_at_idx, registration_status_history_status_at_idx, case_status_history_changed_at_idx, registration_status_history_changed_at_idx`);
  }
}
