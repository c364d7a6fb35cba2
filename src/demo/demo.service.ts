import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Transactional, TransactionHost } from '../database/transaction-host.js';
import { AccountsService } from '../accounts/accounts.service.js';
import type { Role } from '../accounts/roles.js';
import { AppConfig } from '../config/app-config.js';
import { CasesDemoService } from '../cases/cases-demo.service.js';
import { MessagingDemoService } from '../messaging/messaging-demo.service.js';
import { IntakeDemoService } from '../intake/intake-demo.service.js';
import { GroupsDemoService } from '../groups/groups-demo.service.js';
import { PlanDemoService } from '../plan/plan-demo.service.js';
import { DirectoryDemoService } from '../directory/directory-demo.service.js';
import { CredentialsService } from '../verification/credentials.service.js';
import { ConsultationsDemoService } from '../consultations/consultations-demo.service.js';
import { ChildrenDemoService } from '../children/children-demo.service.js';

export const DEMO_PASSWORD = 'demo-wachtwoord-2026';

interface DemoAccount { email: string; displayName: string; role: Role; organisation?: string }

/**
 * `npm run demo` (or DEMO=1): fills an EMPTY database with a clearly fictional team and families,
 * and prints the logins. Every name is invented; the .test domain can never receive mail.
 */
@Injectable()
export class DemoService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly accounts: AccountsService,
    private readonly txHost: TransactionHost,
    private readonly casesDemo: CasesDemoService,
    private readonly messagingDemo: MessagingDemoService,
    private readonly credentials: CredentialsService,
    private readonly intakeDemo: IntakeDemoService,
    private readonly groupsDemo: GroupsDemoService,
    private readonly consultationsDemo: ConsultationsDemoService,
    private readonly planDemo: PlanDemoService,
    private readonly childrenDemo: ChildrenDemoService,
    private readonly directoryDemo: DirectoryDemoService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.DEMO) return;
    if ((await this.accounts.countUsers()) > 0) {
      this.logger.log('The database is not empty: demo data is only added to an empty database.');
      return;
    }
    const accounts = await this.seed();
    const lines = accounts.map((a) => `  ${a.role.padEnd(13)} ${a.email.padEnd(40)} ${DEMO_PASSWORD}`);
    // Printed on purpose (stdout, not the log): these are invented demo accounts.
    console.log(['', 'Eenverhaal demo — fictional accounts (professionals set up two-step verification at first login):', ...lines, ''].join('\n'));
  }

  @Transactional()
  async seed(): Promise<DemoAccount[]> {
    const orgs = new Map<string, { id: string }>();
    // Fictional verified mail domains under the reserved .test top-level domain: invitations into a
    // partner organisation go only to addresses there.
    for (const [key, name, kind, mailDomains] of [
      ['team', 'Ondersteuningsteam Demo', 'support_team', ['team.demo.eenverhaal.test']],
      ['jb', 'Jeugdbescherming Demo', 'youth_protection', ['jb.demo.eenverhaal.test']],
      ['raad', 'Raad voor de Kinderbescherming (demo)', 'child_protection_board', ['raad.demo.eenverhaal.test']],
      ['pleeg', 'Pleegzorg Demo', 'foster_care', ['pleeg.demo.eenverhaal.test']],
    ] as const) {
      orgs.set(key, await this.accounts.createOrganisation({ name, kind, mailDomains: [...mailDomains] }));
    }
    const accounts: DemoAccount[] = [
      { email: 'beheer@demo.eenverhaal.test', displayName: 'Demo Beheerder', role: 'admin' },
      { email: 'coordinator@demo.eenverhaal.test', displayName: 'Coco Coördinator (demo)', role: 'coordinator', organisation: 'team' },
      { email: 'begeleider1@demo.eenverhaal.test', displayName: 'Bas Begeleider (demo)', role: 'counsellor', organisation: 'team' },
      { email: 'begeleider2@demo.eenverhaal.test', displayName: 'Fenna Procesbegeleider (demo)', role: 'counsellor', organisation: 'team' },
      { email: 'voogd@demo.eenverhaal.test', displayName: 'Gijs Gezinsvoogd (demo)', role: 'partner', organisation: 'jb' },
      { email: 'raad@demo.eenverhaal.test', displayName: 'Rianne Raadsonderzoeker (demo)', role: 'partner', organisation: 'raad' },
      { email: 'pleegouder@demo.eenverhaal.test', displayName: 'Pim Pleegouder (demo)', role: 'foster_parent', organisation: 'pleeg' },
      { email: 'ouder1@demo.eenverhaal.test', displayName: 'Olga Ouder (demo)', role: 'parent' },
      { email: 'ouder2@demo.eenverhaal.test', displayName: 'Otto Ouder (demo)', role: 'parent' },
    ];
    const users = new Map<string, { id: string; role: Role; organisationId: string | null }>();
    for (const account of accounts) {
      const user = await this.accounts.createUser({
        email: account.email,
        displayName: account.displayName,
        role: account.role,
        organisationId: account.organisation ? orgs.get(account.organisation)!.id : null,
        password: DEMO_PASSWORD,
      });
      users.set(account.email, user);
    }
    // Verified identity: Bas holds a valid credential; Fenna's was revoked (her codes answer "revoked").
    const coordinator = users.get('coordinator@demo.eenverhaal.test')!;
    const inAYear = new Date(Date.now() + 365 * 86400_000);
    await this.credentials.issueCredential(coordinator, users.get('begeleider1@demo.eenverhaal.test')!.id, inAYear);
    await this.credentials.issueCredential(coordinator, users.get('begeleider2@demo.eenverhaal.test')!.id, inAYear);
    await this.credentials.revokeCredential(coordinator, users.get('begeleider2@demo.eenverhaal.test')!.id);
    // Intake: counsellor profiles, the team's capacity, registrations in every status (some overdue).
    await this.intakeDemo.seed(orgs.get('team')!.id);
    // Two fictional families: stories, consents, updates, children (src/cases/cases-demo.service.ts).
    await this.casesDemo.seed();
    // Threads and messages in those families (src/messaging/messaging-demo.service.ts).
    await this.messagingDemo.seed();
    // A peer group with a moderator and a reported message (src/groups/groups-demo.service.ts).
    await this.groupsDemo.seed();
    // The expert pool: an expert of each specialism and one open consultation (src/consultations/consultations-demo.service.ts).
    accounts.push(...await this.consultationsDemo.seed(DEMO_PASSWORD, users.get('begeleider1@demo.eenverhaal.test')));
    // The plan and the shared analysis of the De Boer family (src/plan/plan-demo.service.ts).
    await this.planDemo.seed();
    // Mila's own child account, linked to her record, with her voice (src/children/children-demo.service.ts).
    accounts.push(...(await this.childrenDemo.seed(DEMO_PASSWORD)));
    // Fictional help in several regions and themes, marked as demo (src/directory/directory-demo.service.ts).
    await this.directoryDemo.seed();
    return accounts;
  }
}
