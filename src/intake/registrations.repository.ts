import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host.js';
import type {
  RegistrantType, RegistrationChannel, RegistrationRoute, RegistrationStatus,
} from './intake-vocabulary.js';
import { OPEN_STATUSES } from './registration-status.js';

export interface RegistrationRow {
  id: string;
  reference: string;
  team_id: string;
  channel: RegistrationChannel;
  route: RegistrationRoute;
  registrant_type: RegistrantType;
  name: string;
  email: string | null;
  phone: string | null;
  municipality: string | null;
  region_code: string | null;
  message: string;
  consent_to_contact_at: Date;
  received_at: Date;
  contact_due_at: Date;
  welcome_due_at: Date;
  entered_by_id: string | null;
  status: RegistrationStatus;
  first_contact_at: Date | null;
  welcome_talk_planned_at: Date | null;
  /** YYYY-MM-DD */
  welcome_talk_date: string | null;
  assigned_counsellor_id: string | null;
  out_of_scope_reason: string | null;
  case_id: string | null;
  created_at: Date;
  updated_at: Date;
  next_due_at: Date | null;
}

export interface NewRegistration {
  reference: string;
  teamId: string;
  channel: RegistrationChannel;
  route: RegistrationRoute;
  registrantType: RegistrantType;
  name: string;
  email: string | null;
  phone: string | null;
  municipality: string | null;
  regionCode: string | null;
  message: string;
  consentToContactAt: Date;
  receivedAt: Date;
  contactDueAt: Date;
  welcomeDueAt: Date;
  enteredById: string | null;
}

export interface RegistrationChanges {
  status?: RegistrationStatus;
  firstContactAt?: Date | null;
  welcomeTalkPlannedAt?: Date | null;
  welcomeTalkDate?: string | null;
  assignedCounsellorId?: string | null;
  outOfScopeReason?: string | null;
  caseId?: string | null;
  invitationId?: string | null;
}

export interface StatusChangeRow {
  from_status: RegistrationStatus | null;
  to_status: RegistrationStatus;
  changed_at: Date;
  recorded_at: Date;
  changed_by_id: string | null;
}

export interface OverdueRow {
  id: string;
  reference: string;
  case_id: string | null;
  /** The target missed first: the first contact, or planning the welcome talk. */
  target: 'contact' | 'welcome';
  due_at: Date;
}

export interface ListFilter {
  teamId: string;
  status?: RegistrationStatus;
  overdue?: boolean;
  now: Date;
  limit: number;
  after?: string;
  before?: string;
}

const OPEN = `ARRAY[${OPEN_STATUSES.map((s) => `'${s}'`).join(',')}]::text[]`;

/** Nobody contacted yet, and the contact target has passed at `now` (an SQL expression). */
const contactOverdueAt = (now: string) => `(r.first_contact_at IS NULL AND r.contact_due_at < ${now})`;
/** Open and past a response-time target at `now` (the SQL form of response-targets.ts `overdueFlags`). */
const overdueAt = (now: string) =>
  `(r.status = ANY(${OPEN}) AND (${contactOverdueAt(now)} OR (r.welcome_talk_planned_at IS NULL AND r.welcome_due_at < ${now})))`;

/** The next target still to meet (see response-targets.ts `nextDueAt`), in SQL for sorting. */
const NEXT_DUE = `CASE WHEN r.status = ANY(${OPEN}) THEN
    CASE WHEN r.first_contact_at IS NULL THEN r.contact_due_at
         WHEN r.welcome_talk_planned_at IS NULL THEN r.welcome_due_at END END`;

const COLUMNS = `r.id, r.reference, r.team_id, r.channel, r.route, r.registrant_type, r.name, r.email, r.phone,
  r.municipality, r.region_code, r.message, r.consent_to_contact_at, r.received_at, r.contact_due_at,
  r.welcome_due_at, r.entered_by_id, r.status, r.first_contact_at, r.welcome_talk_planned_at,
  to_char(r.welcome_talk_date, 'YYYY-MM-DD') AS welcome_talk_date, r.assigned_counsellor_id,
  r.out_of_scope_reason, r.case_id, r.created_at, r.updated_at, ${NEXT_DUE} AS next_due_at`;

/**
 * Urgency order: registrations with a target still to meet first, earliest target first (so overdue
 * ones lead); then the rest, most recently received first. As a tuple (rank, key, id) for cursors.
 */
const SORT_RANK = `(CASE WHEN ${NEXT_DUE} IS NULL THEN 1 ELSE 0 END)`;
const SORT_KEY = `(CASE WHEN ${NEXT_DUE} IS NULL THEN -extract(epoch FROM r.received_at) ELSE extract(epoch FROM ${NEXT_DUE}) END)`;

const MAPPED: Record<keyof RegistrationChanges, string> = {
  status: 'status',
  firstContactAt: 'first_contact_at',
  welcomeTalkPlannedAt: 'welcome_talk_planned_at',
  welcomeTalkDate: 'welcome_talk_date',
  assignedCounsellorId: 'assigned_counsellor_id',
  outOfScopeReason: 'out_of_scope_reason',
  caseId: 'case_id',
  invitationId: 'invitation_id',
};

/** Unambiguous when read out or typed: no 0/O, 1/I/L or U. */
export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
export const REFERENCE_PATTERN = /^AM-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{4}$/;

/**
 * `AM-XXXX-XXXX`, 8 random characters (~39 bits): every reference has this shape, stored or
 * discarded as automated, so neither a sequence nor its gaps tell a sender anything.
 */
export function newRegistrationReference(): string {
  let chars = '';
  for (let i = 0; i < 8; i++) chars += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return `AM-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/** Intake's own tables: registrations, their status history and reference numbers. */
@Injectable()
export class RegistrationsRepository {
  constructor(private readonly txHost: TransactionHost) {}

  private get db() {
    return this.txHost.tx;
  }

  /**
   * A reference no registration has yet (`AM-XXXX-XXXX`, see `newRegistrationReference`). A clash
   * among ~6.6·10^11 references is very unlikely; the UNIQUE constraint is the last word.
   */
  async freshReference(): Promise<string> {
    for (;;) {
      const reference = newRegistrationReference();
      const [taken] = await this.db.query(`SELECT 1 FROM registration WHERE reference = $1`, [reference]);
      if (!taken) return reference;
    }
  }

  async insert(r: NewRegistration): Promise<string> {
    const [row] = await this.db.query(
      `INSERT INTO registration (reference, team_id, channel, route, registrant_type, name, email, phone, municipality,
         region_code, message, consent_to_contact_at, received_at, contact_due_at, welcome_due_at, entered_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
      [r.reference, r.teamId, r.channel, r.route, r.registrantType, r.name, r.email, r.phone, r.municipality,
        r.regionCode, r.message, r.consentToContactAt, r.receivedAt, r.contactDueAt, r.welcomeDueAt, r.enteredById],
    );
    return row.id;
  }

  async appendHistory(registrationId: string, from: RegistrationStatus | null, to: RegistrationStatus, changedAt: Date, changedById: string | null): Promise<void> {
    await this.db.query(
      `INSERT INTO registration_status_history (registration_id, from_status, to_status, changed_at, changed_by_id)
       VALUES ($1, $2, $3, $4, $5)`,
      [registrationId, from, to, changedAt, changedById],
    );
  }

  /** One registration of a team, or undefined (a foreign id and an unknown id look the same). */
  async findInTeam(id: string, teamId: string, options: { lock?: boolean } = {}): Promise<RegistrationRow | undefined> {
    const rows: RegistrationRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM registration r WHERE r.id = $1 AND r.team_id = $2 ${options.lock ? 'FOR UPDATE' : ''}`,
      [id, teamId],
    );
    return rows[0];
  }

  async history(registrationId: string): Promise<StatusChangeRow[]> {
    return this.db.query(
      `SELECT from_status, to_status, changed_at, recorded_at, changed_by_id FROM registration_status_history
        WHERE registration_id = $1 ORDER BY changed_at, seq`,
      [registrationId],
    );
  }

  async lastChangeAt(registrationId: string): Promise<Date | null> {
    const [row] = await this.db.query(
      `SELECT max(changed_at) AS at FROM registration_status_history WHERE registration_id = $1`, [registrationId],
    );
    return row?.at ?? null;
  }

  async update(id: string, changes: RegistrationChanges): Promise<void> {
    const entries = Object.entries(changes).filter(([, v]) => v !== undefined) as [keyof RegistrationChanges, unknown][];
    if (entries.length === 0) return;
    const sets = entries.map(([key], i) => `${MAPPED[key]} = $${i + 2}`);
    await this.db.query(
      `UPDATE registration SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`,
      [id, ...entries.map(([, v]) => v)],
    );
  }

  /**
   * A page of a team's registrations in urgency order. `after`/`before` are ids of the previous
   * page's last/first item; an id that is not in this team answers `null` (the caller says 400).
   */
  async list(filter: ListFilter): Promise<{ rows: RegistrationRow[]; more: boolean } | null> {
    const params: unknown[] = [filter.teamId];
    const where = ['r.team_id = $1'];
    if (filter.status) {
      params.push(filter.status);
      where.push(`r.status = $${params.length}`);
    }
    if (filter.overdue !== undefined) {
      params.push(filter.now);
      const now = `$${params.length}::timestamptz`;
      where.push(filter.overdue ? overdueAt(now) : `NOT ${overdueAt(now)}`);
    }
    const cursorId = filter.after ?? filter.before;
    const backwards = filter.after === undefined && filter.before !== undefined;
    if (cursorId) {
      const [cursor] = await this.db.query(
        `SELECT ${SORT_RANK} AS rank, ${SORT_KEY} AS key FROM registration r WHERE r.id = $1 AND r.team_id = $2`,
        [cursorId, filter.teamId],
      );
      if (!cursor) return null;
      params.push(cursor.rank, cursor.key, cursorId);
      const n = params.length;
      where.push(`(${SORT_RANK}, ${SORT_KEY}, r.id) ${backwards ? '<' : '>'} ($${n - 2}::int, $${n - 1}::numeric, $${n}::uuid)`);
    }
    params.push(filter.limit + 1);
    const direction = backwards ? 'DESC' : 'ASC';
    const rows: RegistrationRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM registration r WHERE ${where.join(' AND ')}
        ORDER BY ${SORT_RANK} ${direction}, ${SORT_KEY} ${direction}, r.id ${direction} LIMIT $${params.length}`,
      params,
    );
    const more = rows.length > filter.limit;
    const page = rows.slice(0, filter.limit);
    return { rows: backwards ? page.reverse() : page, more };
  }

  /**
   * Open registrations past a response-time target (see response-targets.ts `overdueFlags`), the
   * longest overdue first, of a team or assigned to one counsellor; with the total over all.
   */
  async overdue(scope: { teamId: string } | { counsellorId: string }, now: Date, limit: number): Promise<{ rows: OverdueRow[]; total: number }> {
    const [column, id] = 'teamId' in scope ? ['team_id', scope.teamId] : ['assigned_counsellor_id', scope.counsellorId];
    const rows: (OverdueRow & { total: number })[] = await this.db.query(
      `SELECT r.id, r.reference, r.case_id, o.target, o.due_at, count(*) OVER ()::int AS total
         FROM registration r
         CROSS JOIN LATERAL (SELECT ${contactOverdueAt('$2::timestamptz')} AS contact_late) late
         CROSS JOIN LATERAL (SELECT CASE WHEN late.contact_late THEN 'contact' ELSE 'welcome' END AS target,
                                    CASE WHEN late.contact_late THEN r.contact_due_at ELSE r.welcome_due_at END AS due_at) o
        WHERE r.${column} = $1 AND ${overdueAt('$2::timestamptz')}
        ORDER BY o.due_at, r.id
        LIMIT $3`,
      [id, now, limit],
    );
    return { rows, total: rows[0]?.total ?? 0 };
  }

  /** The status of registrations as they stood at `instant` (see the SQL function registration_status_at). */
  async statusAt(ids: string[] | 'all', instant: Date, teamId?: string): Promise<Map<string, RegistrationStatus>> {
    const rows: { registration_id: string; status: RegistrationStatus }[] = await this.db.query(
      `SELECT registration_id, status FROM registration_status_at($1)
        WHERE ($2::uuid[] IS NULL OR registration_id = ANY($2::uuid[])) AND ($3::uuid IS NULL OR team_id = $3::uuid)`,
      [instant, ids === 'all' ? null : ids, teamId ?? null],
    );
    return new Map(rows.map((r) => [r.registration_id, r.status]));
  }

  /** Where to send a counsellor a notice: their address and name, if the account is active. */
  async activeUserContact(userId: string): Promise<{ email: string; display_name: string } | null> {
    const [row] = await this.db.query(`SELECT email, display_name FROM app_user WHERE id = $1 AND disabled_at IS NULL`, [userId]);
    return row ?? null;
  }

  async isCounsellorOfTeam(userId: string, teamId: string): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM app_user WHERE id = $1 AND role = 'counsellor' AND organisation_id = $2 AND disabled_at IS NULL`,
      [userId, teamId],
    );
    return rows.length > 0;
  }

  /** Support teams, oldest first, with whether one of their counsellors covers `regionCode`. */
  async supportTeams(regionCode: string | null): Promise<{ id: string; covers_region: boolean }[]> {
    return this.db.query(
      `SELECT o.id, EXISTS (
          SELECT 1 FROM app_user u JOIN counsellor_profile p ON p.user_id = u.id
           WHERE u.organisation_id = o.id AND u.role = 'counsellor' AND u.disabled_at IS NULL
             AND $1::text IS NOT NULL AND $1::text = ANY(p.region_codes)) AS covers_region
         FROM organisation o WHERE o.kind = 'support_team' ORDER BY o.created_at, o.id`,
      [regionCode],
    );
  }
}
