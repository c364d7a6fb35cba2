import { Injectable } from '@nestjs/common';
import type { CaseContext, CasePermission } from '../access/access.rules.js';
import { AccessService } from '../access/access.service.js';
import { AuditService, READ_AUDIT } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { Permission } from '../auth/permission.js';
import { DomainError } from '../common/domain-error.js';
import { DEFAULT_PAGE, type Page, toPage } from '../common/pagination.js';
import { Transactional, TransactionHost } from '../database/transaction-host.js';
import { RealtimeService } from '../messaging/realtime/realtime.service.js';
import type { Specialism } from '../shared/roles.js';
import { ANALYSIS_SECTIONS, type AnalysisSection, type AnalysisStatus, type Stance } from '../shared/plan-vocabulary.js';
import { AnalysisErrors } from './analysis.errors.js';
import { ConsultedExperts } from './consulted-experts.js';
import type { AnalysisPositionResponse, AnalysisResponse, AnalysisSectionDto, ExpertAdditionDto, RecordPositionDto } from './dto/analysis.dto.js';

interface VersionRow {
  version: number;
  status: AnalysisStatus;
  sections: AnalysisSectionDto[];
  created_at: Date;
  written_by_id: string;
  written_by_name: string;
  written_by_role: string;
  signed_off_by_id: string | null;
  signed_off_by_name: string | null;
  signed_off_by_role: string | null;
  signed_off_at: Date | null;
}

interface PositionRow {
  id: string;
  version: number;
  user_id: string;
  display_name: string;
  role: string;
  section_key: AnalysisSection;
  stance: Stance;
  text: string | null;
  created_at: Date;
}

const SELECT_VERSION = `
  SELECT v.version, v.status, v.sections, v.created_at, v.written_by_id, w.display_name AS written_by_name, w.role AS written_by_role,
         v.signed_off_by_id, s.display_name AS signed_off_by_name, s.role AS signed_off_by_role, v.signed_off_at
    FROM analysis_version v
    JOIN app_user w ON w.id = v.written_by_id
    LEFT JOIN app_user s ON s.id = v.signed_off_by_id`;

const SELECT_POSITION = `
  SELECT p.id, p.version, p.user_id, u.display_name, p.role, p.section_key, p.stance, p.text, p.created_at
    FROM analysis_position p JOIN app_user u ON u.id = p.user_id`;

/** Who acts on the analysis, and in what role: their role in the case, or `expert` for a consulted expert. */
interface Actor { role: string }

/**
 * The shared explanatory analysis (gedeelde verklarende analyse): a versioned document per case,
 * written with the family. Every save is a new draft version (never overwritten); everyone who reads
 * it records per section whether they agree, disagree or add something, on the version they read;
 * an expert of the case in behavioural science signs a version off (tegenspraak), and only then is
 * it final.
 */
@Injectable()
export class AnalysisService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly consulted: ConsultedExperts,
    private readonly realtime: RealtimeService,
  ) {}

  async getAnalysis(user: AuthUser, caseId: string): Promise<AnalysisResponse> {
    await this.actor(user, Permission.CaseAnalysisRead, caseId);
    const [row]: VersionRow[] = await this.txHost.tx.query(`${SELECT_VERSION} WHERE v.case_id = $1 ORDER BY v.version DESC LIMIT 1`, [caseId]);
    const analysis = row ? (await this.withPositions(caseId, [row]))[0] : emptyAnalysis();
    await this.audit.record({ action: 'case.analysis.read', subjectType: 'analysis', subjectId: caseId, caseId, details: { version: analysis.version } }, READ_AUDIT);
    return analysis;
  }

  async listVersions(user: AuthUser, caseId: string, limit = DEFAULT_PAGE, before?: number): Promise<Page<AnalysisResponse>> {
    await this.actor(user, Permission.CaseAnalysisRead, caseId);
    const rows: VersionRow[] = await this.txHost.tx.query(
      `${SELECT_VERSION} WHERE v.case_id = $1 AND ($2::int IS NULL OR v.version < $2) ORDER BY v.version DESC LIMIT $3`,
      [caseId, before ?? null, limit + 1],
    );
    const page = toPage(rows, limit, (r) => String(r.version));
    const items = await this.withPositions(caseId, page.items);
    await this.audit.record({ action: 'case.analysis.versions.read', subjectType: 'analysis', subjectId: caseId, caseId, details: { count: items.length } }, READ_AUDIT);
    return { items, nextCursor: page.nextCursor };
  }

  /** A new version, always a draft: a change after sign-off opens a new draft. */
  @Transactional()
  async saveAnalysis(user: AuthUser, caseId: string, sections: AnalysisSectionDto[]): Promise<AnalysisResponse> {
    await this.actor(user, Permission.CaseAnalysisWrite, caseId);
    const keys = sections.map((s) => s.key);
    if (new Set(keys).size !== keys.length) throw AnalysisErrors.duplicateSection();
    const ordered = [...sections].sort((a, b) => ANALYSIS_SECTIONS.indexOf(a.key) - ANALYSIS_SECTIONS.indexOf(b.key)).map(({ key, text }) => ({ key, text }));
    await this.lockCase(caseId);
    const [saved]: { version: number }[] = await this.txHost.tx.query(
      `INSERT INTO analysis_version (case_id, version, sections, written_by_id)
       SELECT $1, coalesce(max(version), 0) + 1, $2::jsonb, $3 FROM analysis_version WHERE case_id = $1
       RETURNING version`,
      [caseId, JSON.stringify(ordered), user.id],
    );
    await this.audit.record({ action: 'case.analysis.saved', subjectType: 'analysis', subjectId: caseId, caseId, details: { version: saved.version, sections: ordered.length } });
    await this.announce(caseId);
    return this.version(caseId, saved.version);
  }

  /** A position on the latest version; it stays with that version. */
  @Transactional()
  async recordPosition(user: AuthUser, caseId: string, dto: RecordPositionDto): Promise<AnalysisPositionResponse> {
    const actor = await this.actor(user, Permission.CaseAnalysisPosition, caseId);
    await this.lockCase(caseId);
    const [latest]: { version: number }[] = await this.txHost.tx.query(`SELECT max(version) AS version FROM analysis_version WHERE case_id = $1`, [caseId]);
    if (!latest?.version) throw AnalysisErrors.noAnalysis();
    const [row]: { id: string }[] = await this.txHost.tx.query(
      `INSERT INTO analysis_position (case_id, version, user_id, role, section_key, stance, text) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [caseId, latest.version, user.id, actor.role, dto.sectionKey, dto.stance, dto.text?.trim() || null],
    );
    await this.audit.record({
      action: 'case.analysis.position.added', subjectType: 'analysis', subjectId: caseId, caseId,
      details: { version: latest.version, sectionKey: dto.sectionKey, stance: dto.stance },
    });
    await this.announce(caseId);
    const [position]: PositionRow[] = await this.txHost.tx.query(`${SELECT_POSITION} WHERE p.id = $1`, [row.id]);
    return positionResponse(position);
  }

  /**
   * An expert of the pool, consulted on the case, adds their view to a section of the latest version
   * from the consultation: a position `addition` with role `expert`. The case's id never reaches them.
   */
  @Transactional()
  async addExpertView(user: AuthUser, consultationId: string, dto: ExpertAdditionDto): Promise<AnalysisPositionResponse> {
    const caseId = await this.consulted.caseForExpert(user, consultationId);
    return this.recordPosition(user, caseId, { sectionKey: dto.sectionKey, stance: 'addition', text: dto.text });
  }

  /** The guideline's tegenspraak: only an expert of the case qualified in behavioural science; a final version once. */
  @Transactional()
  async signOff(user: AuthUser, caseId: string): Promise<AnalysisResponse> {
    const [me]: { specialism: Specialism | null }[] = await this.txHost.tx.query(`SELECT specialism FROM app_user WHERE id = $1`, [user.id]);
    await this.access.requireCase(user, Permission.CaseAnalysisSignOff, caseId, { specialism: me?.specialism ?? null });
    await this.lockCase(caseId);
    const [latest]: { version: number; status: AnalysisStatus }[] = await this.txHost.tx.query(
      `SELECT version, status FROM analysis_version WHERE case_id = $1 ORDER BY version DESC LIMIT 1`, [caseId]);
    if (!latest) throw AnalysisErrors.noAnalysis();
    if (latest.status === 'final') throw AnalysisErrors.alreadyFinal(latest.version);
    await this.txHost.tx.query(
      `UPDATE analysis_version SET status = 'final', signed_off_by_id = $3, signed_off_at = now() WHERE case_id = $1 AND version = $2`,
      [caseId, latest.version, user.id],
    );
    await this.audit.record({ action: 'case.analysis.signed_off', subjectType: 'analysis', subjectId: caseId, caseId, details: { version: latest.version } });
    await this.announce(caseId);
    return this.version(caseId, latest.version);
  }

  /**
   * The caller may do `permission` as someone who sees the case (its rules), or — for reading,
   * positions and new versions, never for sign-off — as an expert consulted on this case through the
   * expert pool (`ConsultedExperts`), who otherwise gets the case's 404.
   */
  private async actor(user: AuthUser, permission: CasePermission, caseId: string, context: CaseContext = {}): Promise<Actor> {
    try {
      const access = await this.access.requireCase(user, permission, caseId, context);
      return { role: access.participantRole ?? (access.isTeamCoordinator ? 'coordinator' : user.role) };
    } catch (error) {
      const hidden = error instanceof DomainError && error.status === 404;
      if (hidden && user.role === 'expert' && permission !== Permission.CaseAnalysisSignOff && (await this.consulted.isConsultedOn(user.id, caseId))) {
        return { role: 'expert' };
      }
      throw error;
    }
  }

  /** Who takes part and may read the analysis now (inside the change's transaction); they hear of it once it committed. */
  private async announce(caseId: string): Promise<void> {
    const readers = await this.access.caseAudience(caseId, Permission.CaseAnalysisRead);
    this.txHost.afterCommit(() => this.realtime.toUsers(readers, 'analysis:update', { caseId }));
  }

  /** One change at a time per case's analysis, so versions are gap-free and a sign-off sees the latest. */
  private async lockCase(caseId: string): Promise<void> {
    await this.txHost.tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('analysis:' || $1::text, 0))`, [caseId]);
  }

  private async version(caseId: string, version: number): Promise<AnalysisResponse> {
    const rows: VersionRow[] = await this.txHost.tx.query(`${SELECT_VERSION} WHERE v.case_id = $1 AND v.version = $2`, [caseId, version]);
    return (await this.withPositions(caseId, rows))[0];
  }

  private async withPositions(caseId: string, rows: VersionRow[]): Promise<AnalysisResponse[]> {
    if (rows.length === 0) return [];
    const positions: PositionRow[] = await this.txHost.tx.query(
      `${SELECT_POSITION} WHERE p.case_id = $1 AND p.version = ANY($2::int[]) ORDER BY p.created_at, p.id`,
      [caseId, rows.map((r) => r.version)],
    );
    return rows.map((row) => ({
      version: row.version,
      status: row.status,
      sections: row.sections,
      positions: positions.filter((p) => p.version === row.version).map(positionResponse),
      signedOffBy: row.signed_off_by_id ? { id: row.signed_off_by_id, displayName: row.signed_off_by_name ?? '', role: row.signed_off_by_role ?? '' } : null,
      signedOffAt: row.signed_off_at?.toISOString() ?? null,
      updatedAt: row.created_at.toISOString(),
      updatedBy: { id: row.written_by_id, displayName: row.written_by_name, role: row.written_by_role },
    }));
  }
}

function emptyAnalysis(): AnalysisResponse {
  return { version: 0, status: 'draft', sections: [], positions: [], signedOffBy: null, signedOffAt: null, updatedAt: null, updatedBy: null };
}

function positionResponse(p: PositionRow): AnalysisPositionResponse {
  return {
    id: p.id, version: p.version, userId: p.user_id, displayName: p.display_name, role: p.role, sectionKey: p.section_key,
    stance: p.stance, text: p.text, at: p.created_at.toISOString(),
  };
}
