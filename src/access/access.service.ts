import { Injectable } from '@nestjs/common';
import type { Role } from '../accounts/roles.js';
import type { AuthUser } from '../auth/auth-user.js';
import { Permission } from '../auth/permission.js';
import { CommonErrors } from '../common/domain-error.js';
import type { CaseRole, CaseStatus, ConsentScope } from '../cases/case-vocabulary.js';
import { TransactionHost } from '../database/transaction-host.js';
import {
  type CaseAccess, type CaseContext, type CasePermission, decideCase, decideThread, type ThreadAccess, type ThreadPermission,
} from './access.rules.js';

interface CaseRow {
  id: string;
  team_id: string;
  status: CaseStatus;
  lead_counsellor_id: string | null;
  participant_role: CaseRole | null;
  consent_scopes: ConsentScope[];
}

/** Who a case's facts are read for: the caller, or one of the people in `caseAudience`. */
type Person = { id: string; role: Role; organisationId: string | null };

function toCaseAccess(row: CaseRow, person: Person): CaseAccess {
  return {
    caseId: row.id,
    teamId: row.team_id,
    participantRole: row.participant_role,
    isTeamCoordinator: person.role === 'coordinator' && row.team_id === person.organisationId,
    userId: person.id,
    accountRole: person.role,
    organisationId: person.organisationId,
    status: row.status,
    leadCounsellorId: row.lead_counsellor_id,
    consentScopes: row.consent_scopes,
  };
}

interface ThreadRow {
  id: string;
  case_id: string;
  title: string;
  created_by_id: string;
  history_from_seq: string;
  case_role: CaseRole;
  team_id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one access layer: every service asks it before it touches a case, a thread, an attachment or
 * another user's keys. It reads the facts in one query per kind of resource, batched over ids
 * (`check*` answer the allowed subset; `require*` one id, or the 404 or the rule's refusal), and lets
 * `access.rules.ts` decide. Who may see a resource at all is
 * decided here in SQL, and everyone else gets the same 404 as for an unknown id:
 * - a case: its participants and the coordinators of the team that runs it (never admins);
 * - a thread: its members who still take part in its case (removal from the case counts at once);
 * - an attachment: the members of its thread;
 * - a user's keys: the user, and whoever shares a case with them (as participant or team coordinator).
 * This module reads the tables of cases, messaging and attachments; it is their one declared reader
 * for access (src/database/table-owners.ts).
 */
@Injectable()
export class AccessService {
  constructor(private readonly txHost: TransactionHost) {}

  /** The case, when `user` may do `permission` to it; otherwise 404 (cannot see it) or the rule's error. */
  async requireCase(user: AuthUser, permission: CasePermission, caseId: string, context: CaseContext = {}): Promise<CaseAccess> {
    const [access] = await this.visibleCases(user, [caseId]);
    if (!access) throw CommonErrors.notFound('case');
    const refusal = decideCase(permission, access, context);
    if (refusal) throw refusal;
    return access;
  }

  /** The subset of `caseIds` on which `user` may do `permission`, in one query. */
  async checkCases(user: AuthUser, permission: CasePermission, caseIds: string[]): Promise<CaseAccess[]> {
    return (await this.visibleCases(user, caseIds)).filter((access) => decideCase(permission, access) === null);
  }

  /**
   * Everyone who may do `permission` to the case right now: its participants and its team's
   * coordinators, with active accounts, by the same rules as `requireCase`, in one query. For
   * live pushes: computed at the time of the push, so someone removed a moment ago is not in it.
   * Instead of a permission, a rule of the caller's own over each person's access (e.g. "reads
   * updates of this visibility").
   */
  async caseAudience(caseId: string, permission: CasePermission | ((access: CaseAccess) => boolean)): Promise<string[]> {
    const allowed = typeof permission === 'function' ? permission : (access: CaseAccess) => decideCase(permission, access) === null;
    if (!UUID.test(caseId)) return [];
    const people: (CaseRow & { user_id: string; account_role: Role; organisation_id: string | null })[] = await this.txHost.tx.query(
      `WITH c AS (SELECT id, team_id, status, lead_counsellor_id FROM case_file WHERE id = $1),
            people AS (
              SELECT p.user_id, p.role AS participant_role FROM case_participant p WHERE p.case_id = $1
              UNION
              SELECT u.id, NULL FROM app_user u, c WHERE u.organisation_id = c.team_id AND u.role = 'coordinator'
                AND NOT EXISTS (SELECT 1 FROM case_participant p WHERE p.case_id = $1 AND p.user_id = u.id))
       SELECT pe.user_id, pe.participant_role, u.role AS account_role, u.organisation_id, c.id, c.team_id, c.status, c.lead_counsellor_id,
              ARRAY(SELECT DISTINCT s FROM case_consent k CROSS JOIN LATERAL unnest(k.scopes) AS s
                     WHERE k.case_id = $1 AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())
                       AND (k.grantee_user_id = pe.user_id OR k.grantee_organisation_id = u.organisation_id)) AS consent_scopes
         FROM people pe JOIN app_user u ON u.id = pe.user_id AND u.disabled_at IS NULL CROSS JOIN c`,
      [caseId],
    );
    return people
      .filter((p) => allowed(toCaseAccess(p, { id: p.user_id, role: p.account_role, organisationId: p.organisation_id })))
      .map((p) => p.user_id);
  }

  /** The thread, when `user` is a member who takes part in its case and may do `permission`; otherwise 404 or the rule's error. */
  async requireThread(user: AuthUser, permission: ThreadPermission, threadId: string): Promise<ThreadAccess> {
    const [thread] = await this.memberThreads(user, [threadId]);
    if (!thread) throw CommonErrors.notFound('thread');
    const refusal = decideThread(permission, thread, user.id);
    if (refusal) throw refusal;
    return thread;
  }

  /** The subset of `threadIds` on which `user` may do `permission`, in one query. */
  async checkThreads(user: AuthUser, permission: ThreadPermission, threadIds: string[]): Promise<ThreadAccess[]> {
    return (await this.memberThreads(user, threadIds)).filter((thread) => decideThread(permission, thread, user.id) === null);
  }

  /** Every thread `userId` may use right now (joining socket rooms). */
  async threadIdsOf(userId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.txHost.tx.query(
      `SELECT m.thread_id AS id
         FROM thread_member m
         JOIN message_thread t ON t.id = m.thread_id
         JOIN case_participant p ON p.case_id = t.case_id AND p.user_id = m.user_id
        WHERE m.user_id = $1`,
      [userId],
    );
    return rows.map((r) => r.id);
  }

  /** An attachment's thread, for a member of that thread; otherwise the same 404 as for no attachment. */
  async requireAttachment(user: AuthUser, permission: Permission.Messaging, attachmentId: string): Promise<ThreadAccess> {
    const thread = (await this.checkAttachments(user, permission, [attachmentId])).get(attachmentId);
    if (!thread) throw CommonErrors.notFound('attachment');
    return thread;
  }

  /**
   * Which of `attachmentIds` the user may reach, with each one's thread, in two queries: a file is for
   * the members of its thread (whether their key can open it is the attachments module's business).
   */
  async checkAttachments(user: AuthUser, permission: Permission.Messaging, attachmentIds: string[]): Promise<Map<string, ThreadAccess>> {
    const ids = attachmentIds.filter((id) => UUID.test(id));
    if (ids.length === 0) return new Map();
    const rows: { id: string; thread_id: string }[] = await this.txHost.tx.query(`SELECT id, thread_id FROM attachment WHERE id = ANY($1::uuid[])`, [ids]);
    const threads = new Map((await this.memberThreads(user, [...new Set(rows.map((r) => r.thread_id))])).map((t) => [t.threadId, t]));
    const allowed = new Map<string, ThreadAccess>();
    for (const row of rows) {
      const thread = threads.get(row.thread_id);
      if (thread && decideThread(permission, thread, user.id) === null) allowed.set(row.id, thread);
    }
    return allowed;
  }

  /** `userId`'s published keys: their own, or someone who shares a case with them; otherwise 404 `user`. */
  async requireUser(viewer: AuthUser, permission: Permission.UserKeyRead, userId: string): Promise<void> {
    if (!(await this.checkUsers(viewer, permission, [userId])).has(userId)) throw CommonErrors.notFound('user');
  }

  /**
   * Which of `userIds` the viewer may see the published keys of: themselves, and everyone who takes
   * part in a case the viewer takes part in or coordinates (never for admins), in one query.
   */
  async checkUsers(viewer: AuthUser, permission: Permission.UserKeyRead, userIds: string[]): Promise<Set<string>> {
    const allowed = new Set(userIds.filter((id) => id === viewer.id));
    const others = userIds.filter((id) => id !== viewer.id && UUID.test(id));
    if (others.length === 0 || viewer.role === 'admin') return allowed;
    const rows: { user_id: string }[] = await this.txHost.tx.query(
      `SELECT DISTINCT target.user_id
         FROM case_participant target
         JOIN case_file c ON c.id = target.case_id
         LEFT JOIN case_participant me ON me.case_id = target.case_id AND me.user_id = $2
        WHERE target.user_id = ANY($1::uuid[])
          AND (me.user_id IS NOT NULL OR ($3::text = 'coordinator' AND c.team_id = $4::uuid))`,
      [others, viewer.id, viewer.role, viewer.organisationId],
    );
    for (const row of rows) allowed.add(row.user_id);
    return allowed;
  }

  /** The cases among `caseIds` the user may see at all, with what the rules decide from. */
  private async visibleCases(user: AuthUser, caseIds: string[]): Promise<CaseAccess[]> {
    const ids = caseIds.filter((id) => UUID.test(id));
    if (ids.length === 0 || user.role === 'admin') return [];
    const rows = await this.txHost.prepared<CaseRow>('ev_case_access',
      `SELECT c.id, c.team_id, c.status, c.lead_counsellor_id, p.role AS participant_role,
              ARRAY(SELECT DISTINCT s FROM case_consent k CROSS JOIN LATERAL unnest(k.scopes) AS s
                     WHERE k.case_id = c.id AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())
                       AND (k.grantee_user_id = $2 OR k.grantee_organisation_id = $4::uuid)) AS consent_scopes
         FROM case_file c
         LEFT JOIN case_participant p ON p.case_id = c.id AND p.user_id = $2
        WHERE c.id = ANY($1::uuid[])
          AND (p.user_id IS NOT NULL OR ($3::text = 'coordinator' AND c.team_id = $4::uuid))`,
      [ids, user.id, user.role, user.organisationId],
    );
    return rows.map((row) => toCaseAccess(row, user));
  }

  /** The threads among `threadIds` the user is a member of and whose case they still take part in. */
  private async memberThreads(user: AuthUser, threadIds: string[]): Promise<ThreadAccess[]> {
    const ids = threadIds.filter((id) => UUID.test(id));
    if (ids.length === 0) return [];
    const rows: ThreadRow[] = await this.txHost.tx.query(
      `SELECT t.id, t.case_id, t.title, t.created_by_id, m.history_from_seq, p.role AS case_role, c.team_id
         FROM message_thread t
         JOIN thread_member m ON m.thread_id = t.id AND m.user_id = $2
         JOIN case_participant p ON p.case_id = t.case_id AND p.user_id = $2
         JOIN case_file c ON c.id = t.case_id
        WHERE t.id = ANY($1::uuid[])`,
      [ids, user.id],
    );
    return rows.map((r) => ({
      threadId: r.id,
      caseId: r.case_id,
      title: r.title,
      createdById: r.created_by_id,
      historyFromSeq: String(r.history_from_seq),
      caseRole: r.case_role,
      isTeamCoordinator: user.role === 'coordinator' && r.team_id === user.organisationId,
    }));
  }
}
