import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host.js';
import { OPEN_STATUSES } from './registration-status.js';

export interface CounsellorLoadRow {
  id: string;
  display_name: string;
  capacity: number | null;
  region_codes: string[];
  active_cases: number;
}

export interface RegionDemandRow {
  code: string;
  active_cases: number;
  open_registrations: number;
}

/** Case statuses that take a counsellor's time. */
export const ACTIVE_CASE_STATUSES = ['intake', 'active'] as const;

/**
 * Caseload figures. Counting `case_file` rows here is a deliberate, READ-ONLY exception to "modules
 * talk through services": CasesService offers no counts, and a count per lead counsellor is one
 * GROUP BY; nothing here writes to or loads case entities.
 */
@Injectable()
export class CaseloadRepository {
  constructor(private readonly txHost: TransactionHost) {}

  private get db() {
    return this.txHost.tx;
  }

  async teamCapacity(teamId: string): Promise<number | null> {
    const [row] = await this.db.query(`SELECT capacity FROM team_capacity WHERE team_id = $1`, [teamId]);
    return row ? Number(row.capacity) : null;
  }

  async setTeamCapacity(teamId: string, capacity: number, byId: string): Promise<void> {
    await this.db.query(
      `INSERT INTO team_capacity (team_id, capacity, updated_by_id) VALUES ($1, $2, $3)
       ON CONFLICT (team_id) DO UPDATE SET capacity = EXCLUDED.capacity, updated_by_id = EXCLUDED.updated_by_id, updated_at = now()`,
      [teamId, capacity, byId],
    );
  }

  async setCounsellorProfile(userId: string, capacity: number | null, regionCodes: string[], byId: string): Promise<{ updated_at: Date }> {
    const [row] = await this.db.query(
      `INSERT INTO counsellor_profile (user_id, capacity, region_codes, updated_by_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id) DO UPDATE SET capacity = EXCLUDED.capacity, region_codes = EXCLUDED.region_codes,
         updated_by_id = EXCLUDED.updated_by_id, updated_at = now()
       RETURNING updated_at`,
      [userId, capacity, regionCodes, byId],
    );
    return row;
  }

  async isSupportTeam(teamId: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM organisation WHERE id = $1 AND kind = 'support_team'`, [teamId]);
    return rows.length > 0;
  }

  async activeCasesOfTeam(teamId: string): Promise<number> {
    const [row] = await this.db.query(
      `SELECT count(*)::int AS n FROM case_file WHERE team_id = $1 AND status = ANY($2::text[])`, [teamId, ACTIVE_CASE_STATUSES],
    );
    return row.n;
  }

  /** Open registrations that have not become a case yet: the intake still to come. */
  async openRegistrationsOfTeam(teamId: string): Promise<number> {
    const [row] = await this.db.query(
      `SELECT count(*)::int AS n FROM registration WHERE team_id = $1 AND case_id IS NULL AND status = ANY($2::text[])`,
      [teamId, OPEN_STATUSES],
    );
    return row.n;
  }

  /** The team's active counsellors with their profile and the active cases they lead. */
  async counsellors(teamId: string): Promise<CounsellorLoadRow[]> {
    return this.db.query(
      `SELECT u.id, u.display_name, p.capacity, coalesce(p.region_codes, '{}') AS region_codes,
              (SELECT count(*)::int FROM case_file c
                WHERE c.lead_counsellor_id = u.id AND c.team_id = $1 AND c.status = ANY($2::text[])) AS active_cases
         FROM app_user u LEFT JOIN counsellor_profile p ON p.user_id = u.id
        WHERE u.organisation_id = $1 AND u.role = 'counsellor' AND u.disabled_at IS NULL
        ORDER BY u.display_name, u.id`,
      [teamId, ACTIVE_CASE_STATUSES],
    );
  }

  /** Per region: the team's active cases in it and open registrations from it. */
  async regionDemand(teamId: string): Promise<RegionDemandRow[]> {
    return this.db.query(
      `SELECT code, sum(active_cases)::int AS active_cases, sum(open_registrations)::int AS open_registrations FROM (
          SELECT unnest(c.region_codes) AS code, 1 AS active_cases, 0 AS open_registrations
            FROM case_file c WHERE c.team_id = $1 AND c.status = ANY($2::text[])
          UNION ALL
          SELECT r.region_code, 0, 1 FROM registration r
           WHERE r.team_id = $1 AND r.case_id IS NULL AND r.region_code IS NOT NULL AND r.status = ANY($3::text[])
        ) d GROUP BY code ORDER BY code`,
      [teamId, ACTIVE_CASE_STATUSES, OPEN_STATUSES],
    );
  }
}
