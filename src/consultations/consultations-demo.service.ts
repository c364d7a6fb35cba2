import { Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service.js';
import type { Role, Specialism } from '../accounts/roles.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CasesService } from '../cases/cases.service.js';
import { RequestContext } from '../common/request-context.js';
import { ConsultationsService } from './consultations.service.js';

/** The fictional expert pool of the demo: one expert per specialism, under the reserved .test domain. */
const POOL = { name: 'Expertpool Demo', domain: 'expertpool.demo.eenverhaal.test' };
const EXPERTS: { local: string; displayName: string; specialism: Specialism }[] = [
  { local: 'kinderpsychiatrie', displayName: 'Karin Kinderpsychiater (demo)', specialism: 'child_psychiatry' },
  { local: 'jeugdrecht', displayName: 'Jurre Jeugdrecht (demo)', specialism: 'youth_protection_law' },
  { local: 'maatwerk', displayName: 'Maud Maatwerk (demo)', specialism: 'custom_solutions' },
  { local: 'gedrag', displayName: 'Gerrit Gedragswetenschapper (demo)', specialism: 'behavioural_science' },
  { local: 'overig', displayName: 'Erik Ervaringsdeskundige (demo)', specialism: 'other' },
];

/**
 * `npm run demo` (issue 19): the expert pool with its own coordinator, a fictional expert of every
 * specialism, and one open consultation: the demo counsellor asks the child psychiatrist about the
 * first demo family, on the basis of professional need. Runs inside the demo's transaction.
 */
@Injectable()
export class ConsultationsDemoService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly cases: CasesService,
    private readonly consultations: ConsultationsService,
  ) {}

  async seed(password: string, bas: { id: string } | undefined): Promise<{ email: string; displayName: string; role: Role }[]> {
    const pool = await this.accounts.createOrganisation({ name: POOL.name, kind: 'expert_pool', mailDomains: [POOL.domain] });
    const created: { email: string; displayName: string; role: Role }[] = [];
    const coordinator = { email: `coordinator@${POOL.domain}`, displayName: 'Pien Poolcoördinator (demo)', role: 'coordinator' as const };
    await this.accounts.createUser({ ...coordinator, organisationId: pool.id, password });
    created.push(coordinator);
    const experts = new Map<Specialism, string>();
    for (const expert of EXPERTS) {
      const account = { email: `${expert.local}@${POOL.domain}`, displayName: expert.displayName, role: 'expert' as const };
      const user = await this.accounts.createUser({ ...account, organisationId: pool.id, password, specialism: expert.specialism });
      experts.set(expert.specialism, user.id);
      created.push(account);
    }
    if (!bas) return created; // not the standard demo: no case to ask about
    const account = await this.accounts.describeUser(bas.id);
    const counsellor: AuthUser = {
      id: account.id, email: account.email, displayName: account.displayName, role: account.role, organisationId: account.organisation?.id ?? null,
      sessionId: 'demo', secondFactor: true, totpEnabled: false,
    };
    await RequestContext.run({ user: counsellor, requestId: 'demo' }, async () => {
      const { items } = await this.cases.listCases(counsellor, {});
      const family = items.find((c) => c.title.startsWith('Familie De Boer'));
      if (!family) return;
      await this.consultations.requestConsultation(counsellor, family.id, {
        expertId: experts.get('child_psychiatry')!,
        basis: 'professional_need',
        question: 'Twee kinderen (groep 5 en groep 8) wonen al vier jaar in een pleeggezin. Moeder heeft nu een eigen woning. '
          + 'Waar letten we op bij het uitbreiden van het contact, zodat het voor de kinderen veilig en rustig blijft? (Verzonnen demovraag.)',
      });
    });
    return created;
  }
}
