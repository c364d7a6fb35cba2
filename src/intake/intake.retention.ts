/**
 * Registrations for `src/privacy` (issue 21): retention of registrations outside the target group,
 * and the registrations a person made, for their own export. Runs on the caller's connection or
 * transaction; the caller records the audit events.
 */
import { countReturned, type Sql } from '../database/returned-rows.js';

export interface DueRegistration { registrationId: string; reference: string; caseId: string | null }

/** Registrations out of scope, unchanged for at least `days` days. */
export async function outOfScopeRegistrationsFor(db: Sql, days: number): Promise<DueRegistration[]> {
  const rows: { id: string; reference: string; case_id: string | null }[] = await db.query(
    `SELECT id, reference, case_id FROM registration
      WHERE status = 'out_of_scope' AND updated_at <= now() - make_interval(days => $1) ORDER BY id`, [days]);
  return rows.map((r) => ({ registrationId: r.id, reference: r.reference, caseId: r.case_id }));
}

/** Erases one registration and its status history, only while it is still out of scope; whether it went. */
export async function eraseRegistration(db: Sql, registrationId: string): Promise<boolean> {
  return (await countReturned(db, `DELETE FROM registration WHERE id = $1 AND status = 'out_of_scope' RETURNING 1`, [registrationId])) > 0;
}

export interface OwnRegistration {
  id: string; reference: string; channel: string; route: string; registrantType: string; name: string; email: string | null;
  phone: string | null; municipality: string | null; regionCode: string | null; message: string; status: string;
  receivedAt: string; caseId: string | null;
  history: { fromStatus: string | null; toStatus: string; changedAt: string }[];
}

/** What a person registered: by their e-mail address, or converted into one of their cases (oldest first). */
export async function registrationsOfPerson(db: Sql, email: string, caseIds: string[]): Promise<OwnRegistration[]> {
  const rows: any[] = await db.query(
    `SELECT r.id, r.reference, r.channel, r.route, r.registrant_type, r.name, r.email, r.phone, r.municipality, r.region_code, r.message,
            r.status, r.received_at, r.case_id,
            coalesce((SELECT json_agg(json_build_object('fromStatus', h.from_status, 'toStatus', h.to_status, 'changedAt', h.changed_at) ORDER BY h.changed_at, h.seq)
                        FROM registration_status_history h WHERE h.registration_id = r.id), '[]') AS history
       FROM registration r
      WHERE lower(r.email) = lower($1) OR r.case_id = ANY($2::uuid[])
      ORDER BY r.received_at, r.id`, [email, caseIds]);
  return rows.map((r) => ({
    id: r.id, reference: r.reference, channel: r.channel, route: r.route, registrantType: r.registrant_type, name: r.name, email: r.email,
    phone: r.phone, municipality: r.municipality, regionCode: r.region_code, message: r.message, status: r.status,
    receivedAt: new Date(r.received_at).toISOString(), caseId: r.case_id,
    history: (r.history as { fromStatus: string | null; toStatus: string; changedAt: string }[]).map((h) => ({ ...h, changedAt: new Date(h.changedAt).toISOString() })),
  }));
}

/** For erasure on request: a person's registrations that never became a case (by e-mail address); how many went. */
export async function eraseUnconvertedRegistrationsOf(db: Sql, email: string): Promise<number> {
  return countReturned(db, `DELETE FROM registration WHERE lower(email) = lower($1) AND case_id IS NULL RETURNING 1`, [email]);
}
