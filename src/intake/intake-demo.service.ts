import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { TransactionHost } from '../database/transaction-host.js';
import { CaseloadRepository } from './caseload.repository.js';
import type { RegistrantType, RegistrationChannel, RegistrationRoute, RegistrationStatus } from './intake-vocabulary.js';
import { RegistrationsRepository } from './registrations.repository.js';
import { dueDates } from './response-targets.js';

const DAY = 86_400_000;

interface DemoRegistration {
  name: string;
  route: RegistrationRoute;
  registrantType: RegistrantType;
  channel: RegistrationChannel;
  regionCode: string | null;
  daysAgo: number;
  /** Status changes after `new`: [status, days after receipt]. */
  path: [RegistrationStatus, number][];
  outOfScopeReason?: string;
  assign?: boolean;
}

/** Invented registrants (with "(demo)" in the name and a .test address): one or more in every status, some overdue. */
const DEMO_REGISTRATIONS: DemoRegistration[] = [
  { name: 'Nina Nieuw (demo)', route: 'parent', registrantType: 'mother', channel: 'web', regionCode: 'rijnmond', daysAgo: 0.2, path: [] },
  { name: 'Teun Telaat (demo)', route: 'parent', registrantType: 'father', channel: 'web', regionCode: 'ijsselland', daysAgo: 3.5, path: [] },
  { name: 'Kiki Kind (demo)', route: 'child', registrantType: 'child', channel: 'web', regionCode: 'amsterdam-amstelland', daysAgo: 2.5, path: [] },
  { name: 'Carla Gebeld (demo)', route: 'parent', registrantType: 'mother', channel: 'phone', regionCode: 'rijnmond', daysAgo: 1, path: [['contacted', 0.5]], assign: true },
  { name: 'Wim Wachtopgesprek (demo)', route: 'parent', registrantType: 'both_parents', channel: 'letter', regionCode: 'twente', daysAgo: 10, path: [['contacted', 1]] },
  { name: 'Petra Gepland (demo)', route: 'parent', registrantType: 'mother', channel: 'email', regionCode: 'ijsselland', daysAgo: 6, path: [['contacted', 1], ['welcome_planned', 3]], assign: true },
  { name: 'Bert Begeleid (demo)', route: 'parent', registrantType: 'father', channel: 'phone', regionCode: 'rijnmond', daysAgo: 45, path: [['contacted', 1], ['welcome_planned', 4], ['in_guidance', 12]], assign: true },
  { name: 'Femke Professional (demo)', route: 'professional', registrantType: 'professional', channel: 'email', regionCode: 'haaglanden', daysAgo: 30, path: [['contacted', 2], ['out_of_scope', 5]], outOfScopeReason: 'Geen uithuisplaatsing; doorverwezen naar het sociaal wijkteam.' },
  { name: 'Gerrit Gesloten (demo)', route: 'parent', registrantType: 'father', channel: 'phone', regionCode: 'utrecht-stad', daysAgo: 120, path: [['contacted', 1], ['welcome_planned', 5], ['in_guidance', 14], ['closed', 100]] },
  { name: 'Saar Slapend (demo)', route: 'parent', registrantType: 'mother', channel: 'web', regionCode: 'zeeland', daysAgo: 60, path: [['contacted', 2], ['dormant', 20]] },
  { name: 'Noor Nietgestart (demo)', route: 'other', registrantType: 'other', channel: 'in_person', regionCode: null, daysAgo: 80, path: [['contacted', 1], ['not_started', 30]] },
];

/** Demo data for intake: counsellor profiles, the team's capacity, and registrations in every status. */
@Injectable()
export class IntakeDemoService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly registrations: RegistrationsRepository,
    private readonly caseload: CaseloadRepository,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** Runs in the caller's transaction (the demo seed). */
  async seed(teamId: string): Promise<void> {
    const staff: { id: string; role: string }[] = await this.txHost.tx.query(
      `SELECT id, role FROM app_user WHERE organisation_id = $1 AND role IN ('coordinator', 'counsellor') ORDER BY created_at, email`, [teamId],
    );
    const coordinatorId = staff.find((s) => s.role === 'coordinator')?.id ?? null;
    const counsellors = staff.filter((s) => s.role === 'counsellor').map((s) => s.id);
    const regions = [['rijnmond', 'haaglanden'], ['ijsselland', 'twente']];
    for (const [i, id] of counsellors.entries()) {
      await this.caseload.setCounsellorProfile(id, 12, regions[i % regions.length], coordinatorId ?? id);
    }
    if (coordinatorId) await this.caseload.setTeamCapacity(teamId, 120, coordinatorId);

    const now = Date.now();
    for (const [i, demo] of DEMO_REGISTRATIONS.entries()) {
      const receivedAt = new Date(now - demo.daysAgo * DAY);
      const entered = demo.channel !== 'web';
      const id = await this.registrations.insert({
        reference: await this.registrations.freshReference(),
        teamId,
        channel: demo.channel,
        route: demo.route,
        registrantType: demo.registrantType,
        name: demo.name,
        email: `aanmelding${i + 1}@demo.eenverhaal.test`,
        phone: null,
        municipality: null,
        regionCode: demo.regionCode,
        message: 'Dit is een verzonnen aanmelding voor de demo.',
        consentToContactAt: receivedAt,
        receivedAt,
        ...dueDates(receivedAt, { contactDays: this.config.INTAKE_CONTACT_DAYS, welcomeDays: this.config.INTAKE_WELCOME_DAYS }),
        enteredById: entered ? coordinatorId : null,
      });
      await this.registrations.appendHistory(id, null, 'new', receivedAt, entered ? coordinatorId : null);
      let from: RegistrationStatus = 'new';
      for (const [to, after] of demo.path) {
        const at = new Date(Math.min(now, receivedAt.getTime() + after * DAY));
        await this.registrations.appendHistory(id, from, to, at, coordinatorId);
        if (to === 'contacted' && from === 'new') await this.registrations.update(id, { firstContactAt: at });
        if (to === 'welcome_planned') await this.registrations.update(id, { welcomeTalkPlannedAt: at, welcomeTalkDate: new Date(at.getTime() + 5 * DAY).toISOString().slice(0, 10) });
        from = to;
      }
      await this.registrations.update(id, {
        status: from,
        outOfScopeReason: demo.outOfScopeReason ?? null,
        assignedCounsellorId: demo.assign && counsellors.length ? counsellors[i % counsellors.length] : null,
      });
    }
  }
}
