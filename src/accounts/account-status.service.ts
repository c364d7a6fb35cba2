import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { type AccountParty, mayListAccountsOf, mayManageAccount } from '../access/access.rules.js';
import { AuditService, READ_AUDIT } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CommonErrors } from '../common/domain-error.js';
import { DEFAULT_PAGE, type Page, toPage } from '../common/pagination.js';
import { Transactional, TransactionHost } from '../database/transaction-host.js';
import { emitInTransaction } from '../database/in-transaction-events.js';
import { AccountErrors } from './accounts.errors.js';
import { AccountDisabled } from './accounts.events.js';
import type { AccountLookupResponse, AccountSummary, ListAccountsQuery } from './dto/account-status.dto.js';
import type { Role } from './roles.js';

interface AccountRow {
  id: string;
  display_name: string;
  email: string;
  role: Role;
  organisation_id: string | null;
  disabled_at: Date | null;
  disabled_reason: string | null;
  disabled_by_id: string | null;
  disabled_by_name: string | null;
  totp_enabled_at: Date | null;
  created_at: Date;
}

const SELECT_ACCOUNT = `
  SELECT u.id, u.display_name, u.email, u.role, u.organisation_id, u.disabled_at, u.disabled_reason, u.disabled_by_id,
         b.display_name AS disabled_by_name, u.totp_enabled_at, u.created_at
    FROM app_user u LEFT JOIN app_user b ON b.id = u.disabled_by_id`;

/**
 * Disabling and enabling accounts by hand. Who may manage whom is the access layer's rule
 * (`mayManageAccount`: an administrator any account, a coordinator their own organisation's, never
 * an administrator's); nobody disables themselves. Anything else answers 404, as for an unknown id.
 * A disabled account's sessions end in the same transaction and its sockets close once it commits,
 * so enabling it later revives none of them: the person logs in again.
 */
@Injectable()
export class AccountStatusService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
  ) {}

  /** The accounts of one organisation, by name. */
  async listAccounts(user: AuthUser, organisationId: string, query: ListAccountsQuery): Promise<Page<AccountSummary>> {
    await this.requireOrganisation(user, organisationId);
    const limit = query.limit ?? DEFAULT_PAGE;
    const rows: AccountRow[] = await this.txHost.tx.query(
      `${SELECT_ACCOUNT}
        WHERE u.organisation_id = $1
          AND ($2::uuid IS NULL OR (lower(u.display_name), u.id) >
               (SELECT lower(c.display_name), c.id FROM app_user c WHERE c.id = $2::uuid AND c.organisation_id = $1))
        ORDER BY lower(u.display_name), u.id
        LIMIT $3`,
      [organisationId, query.after ?? null, limit + 1],
    );
    await this.audit.record({ action: 'accounts.listed', subjectType: 'organisation', subjectId: organisationId, details: { count: Math.min(rows.length, limit) } }, READ_AUDIT);
    return toPage(rows.map(toSummary), limit, (a) => a.id);
  }

  /**
   * The one account with exactly this address, whatever its letter case (the unique index is on
   * `lower(email)`), or none. For the accounts in no organisation's list: parents, children, foster
   * parents, other administrators. Audited without the address: who looked, and whom they found.
   */
  async findAccountByEmail(user: AuthUser, email: string): Promise<AccountLookupResponse> {
    const [row]: AccountRow[] = await this.txHost.tx.query(`${SELECT_ACCOUNT} WHERE lower(u.email) = lower($1)`, [email]);
    const found = row && mayManageAccount(user, party(row)) ? row : null;
    await this.audit.record({
      action: 'account.looked_up', subjectType: 'user', subjectId: found?.id ?? null,
      details: found ? { found: true, role: found.role } : { found: false },
    }, READ_AUDIT);
    return { items: found ? [toSummary(found)] : [] };
  }

  @Transactional()
  async disableAccount(user: AuthUser, accountId: string, reason: string): Promise<AccountSummary> {
    const why = reason.trim();
    if (!why) throw AccountErrors.reasonMissing();
    const target = await this.lockManageable(user, accountId);
    if (target.id === user.id) throw AccountErrors.cannotDisableSelf();
    // Asked twice (a retry after a lost answer): already done, nothing changes and nothing is recorded again.
    if (target.disabled_at) return toSummary(target);
    const [[{ disabled_at }]]: [[{ disabled_at: Date }], number] = await this.txHost.tx.query(
      `UPDATE app_user SET disabled_at = now(), disabled_reason = $2, disabled_by_id = $3, updated_at = now() WHERE id = $1 RETURNING disabled_at`,
      [target.id, why, user.id],
    );
    await emitInTransaction(this.events, AccountDisabled.event, new AccountDisabled(target.id));
    await this.audit.record({
      action: 'account.disabled', subjectType: 'user', subjectId: target.id,
      details: { role: target.role, organisationId: target.organisation_id },
    });
    return toSummary({ ...target, disabled_at, disabled_reason: why, disabled_by_id: user.id, disabled_by_name: user.displayName });
  }

  @Transactional()
  async enableAccount(user: AuthUser, accountId: string): Promise<AccountSummary> {
    const target = await this.lockManageable(user, accountId);
    if (!target.disabled_at) return toSummary(target);
    await this.txHost.tx.query(
      `UPDATE app_user SET disabled_at = NULL, disabled_reason = NULL, disabled_by_id = NULL, updated_at = now() WHERE id = $1`,
      [target.id],
    );
    await this.audit.record({
      action: 'account.enabled', subjectType: 'user', subjectId: target.id,
      details: { role: target.role, organisationId: target.organisation_id },
    });
    return toSummary({ ...target, disabled_at: null, disabled_reason: null, disabled_by_id: null, disabled_by_name: null });
  }

  /** An admin sees every organisation; a coordinator only their own (another one is "not found"). */
  private async requireOrganisation(user: AuthUser, organisationId: string): Promise<void> {
    const [exists] = mayListAccountsOf(user, organisationId) ? await this.txHost.tx.query(`SELECT 1 FROM organisation WHERE id = $1`, [organisationId]) : [];
    if (!exists) throw CommonErrors.notFound('organisation');
  }

  /** The account, locked for this change, if the caller may manage it; 404 otherwise. */
  private async lockManageable(user: AuthUser, accountId: string): Promise<AccountRow> {
    const [row]: AccountRow[] = await this.txHost.tx.query(`${SELECT_ACCOUNT} WHERE u.id = $1 FOR UPDATE OF u`, [accountId]);
    if (!row || !mayManageAccount(user, party(row))) throw CommonErrors.notFound('user');
    return row;
  }

}

function party(row: AccountRow): AccountParty {
  return { role: row.role, organisationId: row.organisation_id };
}

function toSummary(row: AccountRow): AccountSummary {
  return {
    id: row.id,
    displayName: row.display_name,
    email: row.email,
    role: row.role,
    status: row.disabled_at ? 'disabled' : 'active',
    disabledAt: row.disabled_at ? new Date(row.disabled_at).toISOString() : null,
    disabledBy: row.disabled_by_id ? { id: row.disabled_by_id, displayName: row.disabled_by_name ?? '' } : null,
    disabledReason: row.disabled_at ? row.disabled_reason : null,
    totpEnabled: row.totp_enabled_at !== null,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
