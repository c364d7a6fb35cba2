import { HttpStatus, Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { Permission } from '../auth/permission.js';
import { CommonErrors, DomainError } from '../common/domain-error.js';
import { TransactionHost } from '../database/transaction-host.js';

/**
 * Issue 20: a child record (`case_child`) linked to the child's own account. Kept apart from the
 * rest of the children's code on purpose: the link is made by a counsellor (PATCH of the record
 * with `userId`) or by an invitation into the case as `child` naming the record (`childId`), and
 * the children module (`src/children`, the child's voice and home) reads records only through here.
 */
@Injectable()
export class ChildAccountsService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly audit: AuditService,
    private readonly access: AccessService,
  ) {}

  /**
   * Links (or with null unlinks) a record, inside the caller's transaction (the record's update).
   * Only the case's team; the account must be a child's, taking part in this case as `child`,
   * and not linked to another record of the case.
   */
  async linkByTeam(user: AuthUser, caseId: string, childId: string, userId: string | null): Promise<void> {
    await this.access.requireCase(user, Permission.CaseParticipantManage, caseId);
    if (userId !== null) await this.requireChildParticipant(caseId, userId, 'userId');
    await this.writeLink(caseId, childId, userId, 'userId');
  }

  /** Before an invitation into the case as `child` names `childId`: the record must be of this case and not linked yet. */
  async requireLinkable(caseId: string, childId: string): Promise<void> {
    const [row]: { user_id: string | null }[] = await this.txHost.tx.query(`SELECT user_id FROM case_child WHERE case_id = $1 AND id = $2`, [caseId, childId]);
    if (!row) throw ChildAccountErrors.unknownChild('childId');
    if (row.user_id !== null) throw ChildAccountErrors.alreadyLinked('childId');
  }

  /**
   * The invited child accepted: link the record they were invited for (in the acceptance's
   * transaction). When the record was linked to someone else (or removed) in the meantime the child
   * still joins the case, unlinked: a counsellor links by hand. A child is never refused over it.
   */
  async linkInvited(caseId: string, childId: string, userId: string, invitedById: string, inviterRole: string): Promise<void> {
    const link = await this.lockLink(caseId, childId, userId);
    if (!link || link.userId !== null || link.otherChildId !== null) return;
    await this.setLink(caseId, childId, userId, 'childId', { actorUserId: invitedById, actorRole: inviterRole });
  }

  /** One record of a case with its link, or null: for the voice's rules. */
  async linkOf(caseId: string, childId: string): Promise<{ childId: string; caseId: string; userId: string | null; firstName: string | null } | null> {
    const [row]: { id: string; case_id: string; user_id: string | null; first_name: string | null }[] = await this.txHost.tx.query(
      `SELECT id, case_id, user_id, first_name FROM case_child WHERE case_id = $1 AND id = $2`, [caseId, childId],
    );
    return row ? { childId: row.id, caseId: row.case_id, userId: row.user_id, firstName: row.first_name } : null;
  }

  /** The records linked to this child account, in cases the account still takes part in as `child`. */
  async recordsOf(userId: string): Promise<{ childId: string; caseId: string; caseReference: string; firstName: string | null }[]> {
    const rows: { id: string; case_id: string; reference: string; first_name: string | null }[] = await this.txHost.tx.query(
      `SELECT ch.id, ch.case_id, c.reference, ch.first_name
         FROM case_child ch
         JOIN case_file c ON c.id = ch.case_id
         JOIN case_participant p ON p.case_id = ch.case_id AND p.user_id = ch.user_id AND p.role = 'child'
        WHERE ch.user_id = $1
        ORDER BY ch.created_at`,
      [userId],
    );
    return rows.map((r) => ({ childId: r.id, caseId: r.case_id, caseReference: r.reference, firstName: r.first_name }));
  }

  private async requireChildParticipant(caseId: string, userId: string, field: string): Promise<void> {
    const [row]: { role: string; account_role: string }[] = await this.txHost.tx.query(
      `SELECT p.role, u.role AS account_role FROM case_participant p JOIN app_user u ON u.id = p.user_id
        WHERE p.case_id = $1 AND p.user_id = $2 AND u.disabled_at IS NULL`,
      [caseId, userId],
    );
    if (!row || row.role !== 'child' || row.account_role !== 'child') throw ChildAccountErrors.notAChildOfCase(field);
  }

  private async writeLink(caseId: string, childId: string, userId: string | null, field: string): Promise<void> {
    const link = await this.lockLink(caseId, childId, userId);
    if (!link) throw CommonErrors.notFound('child');
    if (link.userId === userId) return;
    if (link.otherChildId !== null) throw ChildAccountErrors.accountLinkedElsewhere(field);
    await this.setLink(caseId, childId, userId, field);
  }

  /** The record's link, locked for the change, and the other record of the case `userId` is linked to already (null: none), in one query. */
  private async lockLink(caseId: string, childId: string, userId: string | null): Promise<{ userId: string | null; otherChildId: string | null } | null> {
    const [row]: { user_id: string | null; other_id: string | null }[] = await this.txHost.tx.query(
      `SELECT ch.user_id, (SELECT o.id FROM case_child o WHERE o.case_id = $1 AND o.user_id = $3::uuid AND o.id <> $2 LIMIT 1) AS other_id
         FROM case_child ch WHERE ch.case_id = $1 AND ch.id = $2 FOR UPDATE OF ch`,
      [caseId, childId, userId],
    );
    return row ? { userId: row.user_id, otherChildId: row.other_id } : null;
  }

  private async setLink(caseId: string, childId: string, userId: string | null, field: string, actor: { actorUserId?: string; actorRole?: string } = {}): Promise<void> {
    await this.txHost.tx.query(`UPDATE case_child SET user_id = $3, updated_at = now() WHERE case_id = $1 AND id = $2`, [caseId, childId, userId]);
    await this.audit.record({
      action: userId ? 'case.child.account_linked' : 'case.child.account_unlinked', subjectType: 'child', subjectId: childId, caseId,
      details: { by: field === 'childId' ? 'invitation' : 'team' }, ...actor,
    });
  }
}

const invalid = (field: string, code: string, nl: string, en: string) => CommonErrors.invalidField(field, { nl, en }, code);

export const ChildAccountErrors = {
  notAChildOfCase: (field: string) => invalid(field, 'not_a_child_of_case',
    'dit moet het account van een kind zijn dat als kind meedoet in dit dossier.',
    'this must be the account of a child who takes part in this case as a child.'),
  unknownChild: (field: string) => invalid(field, 'unknown_child',
    'dit kind staat niet in dit dossier.', 'this child is not in this case file.'),
  alreadyLinked: (field: string) => new DomainError(HttpStatus.CONFLICT, 'child_already_linked', {
    nl: `${field}: dit kind is al gekoppeld aan een account.`, en: `${field}: this child is linked to an account already.`,
  }, { field }),
  accountLinkedElsewhere: (field: string) => new DomainError(HttpStatus.CONFLICT, 'child_account_linked_elsewhere', {
    nl: `${field}: dit account hoort al bij een ander kind in dit dossier.`, en: `${field}: this account belongs to another child in this case already.`,
  }, { field }),
};
