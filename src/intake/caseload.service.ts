import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { AuditService } from '../audit/audit.service.js';
import { regionByCode } from '../cases/regions.js';
import { CommonErrors } from '../common/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import { Transactional } from '../database/transaction-host.js';
import { CaseloadRepository, type CounsellorLoadRow } from './caseload.repository.js';
import type {
  AssignmentSuggestion, CapacityWarning, CaseloadResponse, CounsellorLoad, CounsellorProfileDto, CounsellorProfileResponse,
  RegionCoverage, SetTeamCapacityDto, SuggestionsResponse, TeamCapacityResponse,
} from './dto/caseload.dto.js';
import { IntakeErrors } from './intake.errors.js';
import { RegistrationsRepository } from './registrations.repository.js';
import { RegistrationsService, teamOf } from './registrations.service.js';

function load(row: CounsellorLoadRow): CounsellorLoad {
  const capacity = row.capacity === null ? null : Number(row.capacity);
  return {
    id: row.id,
    displayName: row.display_name,
    activeCases: Number(row.active_cases),
    capacity,
    freeCapacity: capacity === null ? null : capacity - Number(row.active_cases),
    regionCodes: row.region_codes,
  };
}

/** Best first: region match; then known free capacity, unknown capacity, full; then most free; then fewest cases. */
export function rankSuggestions(counsellors: CounsellorLoad[], regionCode: string | null): AssignmentSuggestion[] {
  const tier = (c: CounsellorLoad) => (c.freeCapacity === null ? 1 : c.freeCapacity > 0 ? 0 : 2);
  return counsellors
    .map((c) => {
      const regionMatch = regionCode !== null && c.regionCodes.includes(regionCode);
      const reasons = [
        ...(regionMatch ? ['region_match'] : []),
        c.freeCapacity === null ? 'capacity_unknown' : c.freeCapacity > 0 ? 'free_capacity' : 'at_capacity',
      ];
      return { counsellorId: c.id, displayName: c.displayName, regionMatch, activeCases: c.activeCases, capacity: c.capacity, freeCapacity: c.freeCapacity, regionCodes: c.regionCodes, reasons, tier: tier(c) };
    })
    .sort((a, b) => Number(b.regionMatch) - Number(a.regionMatch)
      || a.tier - b.tier
      || (b.freeCapacity ?? 0) - (a.freeCapacity ?? 0)
      || a.activeCases - b.activeCases
      || a.displayName.localeCompare(b.displayName, 'nl'))
    .map(({ tier: _tier, ...suggestion }) => suggestion);
}

/** Team capacity, counsellors' capacity and regions, coverage, and assignment suggestions. */
@Injectable()
export class CaseloadService {
  constructor(
    private readonly caseload: CaseloadRepository,
    private readonly registrations: RegistrationsService,
    private readonly registrationRows: RegistrationsRepository,
    private readonly audit: AuditService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async overview(user: AuthUser): Promise<CaseloadResponse> {
    const teamId = teamOf(user);
    const [configured, activeCases, openRegistrations, rows, demand] = await Promise.all([
      this.caseload.teamCapacity(teamId),
      this.caseload.activeCasesOfTeam(teamId),
      this.caseload.openRegistrationsOfTeam(teamId),
      this.caseload.counsellors(teamId),
      this.caseload.regionDemand(teamId),
    ]);
    const teamCapacity = configured ?? this.config.INTAKE_DEFAULT_TEAM_CAPACITY;
    const counsellors = rows.map(load);

    const regions = new Map<string, RegionCoverage>();
    const region = (code: string): RegionCoverage => {
      let r = regions.get(code);
      if (!r) regions.set(code, r = { code, name: regionByCode(code)?.name ?? code, counsellors: 0, freeCapacity: 0, activeCases: 0, openRegistrations: 0 });
      return r;
    };
    for (const c of counsellors) {
      for (const code of c.regionCodes) {
        const r = region(code);
        r.counsellors += 1;
        r.freeCapacity += Math.max(0, c.freeCapacity ?? 0);
      }
    }
    for (const d of demand) {
      const r = region(d.code);
      r.activeCases += Number(d.active_cases);
      r.openRegistrations += Number(d.open_registrations);
    }
    const all = [...regions.values()].sort((a, b) => a.code.localeCompare(b.code));
    const regionsCovered = all.filter((r) => r.counsellors > 0);
    const regionsUnderCovered = all
      .filter((r) => r.activeCases + r.openRegistrations > 0 && (r.counsellors === 0 || r.freeCapacity < r.openRegistrations))
      .map((r) => ({ ...r, reason: r.counsellors === 0 ? 'no_counsellor' as const : 'not_enough_capacity' as const }));

    const warnings = this.warnings(teamCapacity, activeCases, openRegistrations, counsellors);

    await this.audit.record({ action: 'caseload.read', subjectType: 'team', subjectId: teamId });
    return {
      teamId, teamCapacity, teamCapacityConfigured: configured !== null, activeCases, openRegistrations,
      freeCapacity: teamCapacity - activeCases, counsellors, regionsCovered, regionsUnderCovered, warnings,
    };
  }

  private warnings(teamCapacity: number, activeCases: number, openRegistrations: number, counsellors: CounsellorLoad[]): CapacityWarning[] {
    const warnings: CapacityWarning[] = [];
    if (activeCases >= teamCapacity) {
      warnings.push({ code: 'team_at_capacity', message: `Het team zit vol: ${activeCases} actieve dossiers bij een capaciteit van ${teamCapacity}.` });
    }
    if (activeCases + openRegistrations > teamCapacity) {
      warnings.push({ code: 'intake_exceeds_capacity', message: `De open aanmeldingen (${openRegistrations}) passen niet meer: ${activeCases} actieve dossiers bij een capaciteit van ${teamCapacity}.` });
    }
    for (const c of counsellors) {
      if (c.capacity !== null && c.activeCases > c.capacity) {
        warnings.push({ code: 'counsellor_over_capacity', counsellorId: c.id, message: `${c.displayName} heeft ${c.activeCases} actieve dossiers bij een capaciteit van ${c.capacity}.` });
      }
    }
    const counsellorCapacity = counsellors.reduce((sum, c) => sum + (c.capacity ?? 0), 0);
    if (counsellors.length > 0 && counsellorCapacity < teamCapacity) {
      warnings.push({ code: 'counsellor_capacity_below_team_capacity', message: `De procesbegeleiders kunnen samen ${counsellorCapacity} dossiers aan, minder dan de teamcapaciteit van ${teamCapacity}.` });
    }
    return warnings;
  }

  /** The capacity warnings of a team right now, as codes (e.g. after an intake). */
  async capacityWarnings(teamId: string): Promise<string[]> {
    // One after the other: this runs inside the caller's transaction, on one connection.
    const configured = await this.caseload.teamCapacity(teamId);
    const activeCases = await this.caseload.activeCasesOfTeam(teamId);
    const openRegistrations = await this.caseload.openRegistrationsOfTeam(teamId);
    const rows = await this.caseload.counsellors(teamId);
    const teamCapacity = configured ?? this.config.INTAKE_DEFAULT_TEAM_CAPACITY;
    return [...new Set(this.warnings(teamCapacity, activeCases, openRegistrations, rows.map(load)).map((w) => w.code))];
  }

  /** A coordinator sets their own team's capacity; an admin (configuration) names the support team. */
  @Transactional()
  async setTeamCapacity(user: AuthUser, dto: SetTeamCapacityDto): Promise<TeamCapacityResponse> {
    let teamId: string;
    if (user.role === 'admin') {
      if (!dto.teamId) throw IntakeErrors.teamRequired();
      if (!(await this.caseload.isSupportTeam(dto.teamId))) throw CommonErrors.invalidField('teamId', { nl: 'dit is geen ondersteuningsteam.', en: 'this is not a support team.' }, 'not_a_support_team');
      teamId = dto.teamId;
    } else {
      teamId = teamOf(user);
      if (dto.teamId !== undefined && dto.teamId !== teamId) throw CommonErrors.invalidField('teamId', { nl: 'u kunt alleen de capaciteit van uw eigen team instellen.', en: 'you can only set your own team’s capacity.' }, 'not_your_team');
    }
    await this.caseload.setTeamCapacity(teamId, dto.capacity, user.id);
    await this.audit.record({ action: 'team_capacity.updated', subjectType: 'team', subjectId: teamId, details: { capacity: dto.capacity } });
    return { teamId, capacity: dto.capacity };
  }

  /** The counsellor must belong to the coordinator's team (404 otherwise, like any foreign id). */
  @Transactional()
  async setCounsellorProfile(user: AuthUser, counsellorId: string, dto: CounsellorProfileDto): Promise<CounsellorProfileResponse> {
    const teamId = teamOf(user);
    if (!(await this.registrationRows.isCounsellorOfTeam(counsellorId, teamId))) throw CommonErrors.notFound('counsellor');
    const capacity = dto.capacity ?? null;
    const row = await this.caseload.setCounsellorProfile(counsellorId, capacity, dto.regionCodes, user.id);
    await this.audit.record({
      action: 'counsellor_profile.updated', subjectType: 'user', subjectId: counsellorId,
      details: { capacity, regionCodes: dto.regionCodes },
    });
    return { counsellorId, capacity, regionCodes: dto.regionCodes, updatedAt: new Date(row.updated_at).toISOString() };
  }

  async suggestions(user: AuthUser, registrationId: string): Promise<SuggestionsResponse> {
    const registration = await this.registrations.requireInTeam(user, registrationId);
    const counsellors = (await this.caseload.counsellors(registration.team_id)).map(load);
    const suggestions = rankSuggestions(counsellors, registration.region_code);
    await this.audit.record({
      action: 'registration.suggestions_read', subjectType: 'registration', subjectId: registrationId,
      details: { counsellorIds: suggestions.map((s) => s.counsellorId) },
    });
    return { registrationId, regionCode: registration.region_code, suggestions };
  }
}
