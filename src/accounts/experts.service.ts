import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CommonErrors } from '../common/domain-error.js';
import { Transactional, TransactionHost } from '../database/transaction-host.js';
import type { ExpertResponse } from './dto/expert.dto.js';
import type { Specialism } from './roles.js';

interface ExpertRow { id: string; display_name: string; specialism: Specialism | null; organisation_id: string; organisation_name: string }

const SELECT_EXPERTS = `
  SELECT u.id, u.display_name, u.specialism, o.id AS organisation_id, o.name AS organisation_name
    FROM app_user u JOIN organisation o ON o.id = u.organisation_id AND o.kind = 'expert_pool'
   WHERE u.role = 'expert' AND u.disabled_at IS NULL`;

/**
 * The expert pool's people (issue 19): experts (role `expert`, in an organisation of kind
 * `expert_pool`) with the specialism they are consulted for. Counsellors and coordinators list
 * them to choose whom to ask; the pool's own coordinator (or an administrator) changes a specialism.
 */
@Injectable()
export class ExpertsService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly audit: AuditService,
  ) {}

  /** Every active expert, by specialism then name: a pool is a handful of people, so one list. */
  async listExperts(): Promise<ExpertResponse[]> {
    const rows: ExpertRow[] = await this.txHost.tx.query(`${SELECT_EXPERTS} ORDER BY u.specialism NULLS LAST, u.display_name, u.id`);
    return rows.map(toResponse);
  }

  /** One active expert of the pool, or null (for the consultations module: whom a question may go to). */
  async findExpert(expertId: string): Promise<(ExpertResponse & { organisationId: string }) | null> {
    const [row]: ExpertRow[] = await this.txHost.tx.query(`${SELECT_EXPERTS} AND u.id = $1`, [expertId]);
    return row ? { ...toResponse(row), organisationId: row.organisation_id } : null;
  }

  /** The pool's own coordinator or an administrator; anyone else (and any id that is not an expert) gets 404. */
  @Transactional()
  async changeSpecialism(actor: AuthUser, expertId: string, specialism: Specialism): Promise<ExpertResponse> {
    const [row]: ExpertRow[] = await this.txHost.tx.query(`${SELECT_EXPERTS} AND u.id = $1 FOR UPDATE OF u`, [expertId]);
    const manages = row && (actor.role === 'admin' || (actor.role === 'coordinator' && actor.organisationId === row.organisation_id));
    if (!manages) throw CommonErrors.notFound('expert');
    if (row.specialism !== specialism) {
      await this.txHost.tx.query(`UPDATE app_user SET specialism = $2, updated_at = now() WHERE id = $1`, [expertId, specialism]);
      await this.audit.record({
        action: 'expert.specialism_changed', subjectType: 'user', subjectId: expertId,
        details: { from: row.specialism, to: specialism },
      });
    }
    return toResponse({ ...row, specialism });
  }
}

function toResponse(row: ExpertRow): ExpertResponse {
  return { id: row.id, displayName: row.display_name, specialism: row.specialism, organisationName: row.organisation_name };
}
