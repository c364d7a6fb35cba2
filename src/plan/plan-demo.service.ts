import { Injectable } from '@nestjs/common';
import { AnalysisService } from '../analysis/analysis.service.js';
import type { Role } from '../accounts/roles.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CasesService } from '../cases/cases.service.js';
import { RequestContext } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';
import { PlanService } from './plan.service.js';

const DOMAIN = '@demo.eenverhaal.test';
const inDays = (days: number) => new Date(Date.now() + days * 86400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });

/**
 * `npm run demo`: the plan and the shared analysis of the fictional family De Boer, built through
 * the same services (rules, audit events) as the API, each step as the demo person who would do it.
 * Every text is invented and says so. The family guardian has no `plan` consent in the demo: he
 * sees why not, until the demo parent gives it on the consent screen.
 */
@Injectable()
export class PlanDemoService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly cases: CasesService,
    private readonly plan: PlanService,
    private readonly analysis: AnalysisService,
  ) {}

  async seed(): Promise<void> {
    const who = await this.demoUsers();
    const [bas, olga, gijs] = ['begeleider1', 'ouder1', 'voogd'].map((k) => who.get(k));
    if (!bas || !olga) return; // not the standard demo accounts: nothing to build on
    const as = <T>(user: AuthUser, fn: () => Promise<T>) => RequestContext.run({ user, requestId: 'demo' }, fn);
    const family = (await as(olga, () => this.cases.listCases(olga, {}))).items.find((c) => c.title === 'Familie De Boer (demo)');
    if (!family) return;
    const caseId = family.id;

    const see = await as(olga, () => this.plan.addGoal(olga, caseId, {
      title: 'Mila en Daan elk weekend zien', owner: 'parent', ownerUserId: olga.id,
      description: 'Eerst begeleid op de bezoeklocatie, daarna een zaterdag bij mij thuis. (Verzonnen demodoel.)',
    }));
    await as(olga, () => this.plan.addGoal(olga, caseId, {
      title: 'Een eigen huis met een kamer voor de kinderen', owner: 'family', description: '(Verzonnen demodoel.)',
    }));
    await as(olga, () => this.plan.addAction(olga, caseId, see.id, { title: 'De bezoeklocatie bellen voor een vaste tijd', ownerUserId: olga.id, dueDate: inDays(7) }));
    const home = await as(bas, () => this.plan.addGoal(bas, caseId, {
      title: 'Samen met Jeugdbescherming de terugkeer van Mila voorbereiden', owner: 'team', ownerUserId: bas.id,
      description: '(Verzonnen demodoel van het team.)',
    }));
    await as(bas, () => this.plan.updateGoal(bas, caseId, home.id, { status: 'in_progress' }));
    await as(bas, () => this.plan.addAction(bas, caseId, home.id, { title: 'Elke maand het plan samen doorlopen', ownerUserId: bas.id, recurrence: 'monthly' }));
    if (gijs) await as(bas, () => this.plan.addAction(bas, caseId, home.id, { title: 'Gesprek plannen met de gezinsvoogd en Olga', ownerUserId: gijs.id, dueDate: inDays(14) }));

    await as(bas, () => this.analysis.saveAnalysis(bas, caseId, [
      { key: 'situation', text: 'Mila (10) en Daan (7) wonen sinds vorig jaar in een pleeggezin. Olga woont tijdelijk bij haar zus. (Verzonnen demotekst.)' },
      { key: 'explanations', text: 'Schulden na het verlies van werk leidden tot huisuitzetting; daarna volgde de uithuisplaatsing. (Verzonnen.)' },
      { key: 'risks', text: 'Geen vaste woning; weinig mensen om op terug te vallen. (Verzonnen.)' },
      { key: 'protective_factors', text: 'Een warme band tussen Olga en de kinderen; de zus van Olga helpt mee. (Verzonnen.)' },
      { key: 'hypotheses', text: 'Met een vaste woning en een bezoekregeling kan terugkeer veilig. (Verzonnen.)' },
    ]));
    await as(olga, () => this.analysis.recordPosition(olga, caseId, { sectionKey: 'risks', stance: 'disagree', text: 'Ik heb wel mensen: mijn zus en de buurvrouw helpen mij elke week. (Verzonnen.)' }));
    await as(olga, () => this.analysis.recordPosition(olga, caseId, { sectionKey: 'protective_factors', stance: 'agree' }));
    await as(bas, () => this.analysis.recordPosition(bas, caseId, { sectionKey: 'risks', stance: 'addition', text: 'Goed om te weten; we nemen de buurvrouw mee in het plan. (Verzonnen.)' }));
  }

  private async demoUsers(): Promise<Map<string, AuthUser>> {
    const rows: { id: string; email: string; display_name: string; role: Role; organisation_id: string | null }[] = await this.txHost.tx.query(
      `SELECT id, email, display_name, role, organisation_id FROM app_user WHERE email LIKE $1`, [`%${DOMAIN}`]);
    return new Map(rows.map((r) => [r.email.slice(0, -DOMAIN.length), {
      id: r.id, email: r.email, displayName: r.display_name, role: r.role, organisationId: r.organisation_id,
      sessionId: 'demo', secondFactor: true, totpEnabled: false,
    }]));
  }
}
