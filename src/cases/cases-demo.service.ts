import { Injectable } from '@nestjs/common';
import type { Role } from '../accounts/roles.js';
import type { AuthUser } from '../auth/auth-user.js';
import { RequestContext } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';
import { CasesService } from './cases.service.js';
import { ChildrenService } from './children.service.js';
import { HandoverService } from './handover.service.js';
import { ConsentsService } from './consents.service.js';
import { ParticipantsService } from './participants.service.js';
import { StoryService } from './story.service.js';
import { UpdatesService } from './updates.service.js';

const DOMAIN = '@demo.eenverhaal.test';

/**
 * `npm run demo`: two clearly fictional families with their stories, consents and updates, built
 * through the same services (and so the same rules and audit events) as the API. Every name is
 * invented. Runs inside the demo's transaction; each step is recorded as done by the demo person
 * who would do it, so the access log reads as it would for real.
 */
@Injectable()
export class CasesDemoService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly cases: CasesService,
    private readonly participants: ParticipantsService,
    private readonly story: StoryService,
    private readonly consents: ConsentsService,
    private readonly updates: UpdatesService,
    private readonly children: ChildrenService,
    private readonly handovers: HandoverService,
  ) {}

  async seed(): Promise<void> {
    const who = await this.demoUsers();
    const [bas, fenna, coco, gijs, rianne, pim, olga, otto] =
      ['begeleider1', 'begeleider2', 'coordinator', 'voogd', 'raad', 'pleegouder', 'ouder1', 'ouder2'].map((name) => who.get(name));
    if (!bas || !fenna || !coco || !olga || !otto) return; // not the standard demo accounts: nothing to build on
    const as = <T>(user: AuthUser, fn: () => Promise<T>) => RequestContext.run({ user, requestId: 'demo' }, fn);

    // Family 1: Olga, two children in a foster family, a family guardian; story confirmed, consent given.
    const deBoer = await as(bas, () => this.cases.createCase(bas, {
      title: 'Familie De Boer (demo)', regionCodes: ['ijsselland'], householdComposition: 'single_parent', registrantHasCustody: false,
      placementReasons: ['financial', 'housing'], desiredSituation: ['reverse_placement', 'contact_restoration'], supportRequests: ['recognition', 'return_of_children'],
    }));
    await as(bas, async () => {
      await this.participants.addParticipant(bas, deBoer.id, { userId: olga.id, role: 'parent' });
      if (gijs) await this.participants.addParticipant(bas, deBoer.id, { userId: gijs.id, role: 'guardian' });
      if (pim) await this.participants.addParticipant(bas, deBoer.id, { userId: pim.id, role: 'foster_parent' });
      await this.cases.updateCase(bas, deBoer.id, { status: 'active' });
      await this.children.addChild(bas, deBoer.id, { firstName: 'Mila', birthYear: 2014, placement: 'foster_family', protectionMeasure: 'supervision_order', placedSince: '2021-09-01' });
      await this.children.addChild(bas, deBoer.id, { firstName: 'Daan', birthYear: 2017, placement: 'foster_family', protectionMeasure: 'supervision_order', placedSince: '2021-09-01' });
      await this.children.addResult(bas, deBoer.id, { kind: 'file_inspection', date: '2025-11-04', note: 'Samen het dossier bij jeugdbescherming ingezien.' });
    });
    await as(olga, async () => {
      await this.story.saveStory(olga, deBoer.id, [
        { key: 'wat-er-gebeurde', title: 'Wat er gebeurde', text: 'Door schulden raakten we ons huis kwijt. Daarna werden Mila en Daan bij een pleeggezin geplaatst. (Verzonnen demoverhaal.)' },
        { key: 'wat-ik-wil', title: 'Wat ik wil', text: 'Dat mijn kinderen weer thuis kunnen wonen, en tot die tijd vaker contact.' },
      ]);
    });
    await as(bas, () => this.story.saveStory(bas, deBoer.id, [
      { key: 'wat-er-gebeurde', title: 'Wat er gebeurde', text: 'Door schulden raakten we ons huis kwijt. Daarna werden Mila en Daan bij een pleeggezin geplaatst. (Verzonnen demoverhaal.)' },
      { key: 'wat-ik-wil', title: 'Wat ik wil', text: 'Dat mijn kinderen weer thuis kunnen wonen, en tot die tijd vaker contact.' },
      { key: 'wat-al-lukt', title: 'Wat al lukt', text: 'Ik heb sinds kort een eigen woning en ga elke week naar de bezoekregeling.' },
    ]));
    await as(olga, async () => {
      await this.story.confirmStory(olga, deBoer.id);
      if (gijs) await this.consents.grantConsent(olga, deBoer.id, { granteeUserId: gijs.id, scopes: ['story', 'updates', 'children'] });
    });
    await as(bas, async () => {
      if (pim?.organisationId) await this.consents.grantConsent(bas, deBoer.id, { granteeOrganisationId: pim.organisationId, scopes: ['updates'], givenByParentId: olga.id });
      await this.updates.postUpdate(bas, deBoer.id, { body: 'De bezoekregeling wordt vanaf volgende maand uitgebreid naar elke zaterdag.', visibility: 'everyone' });
      await this.updates.postUpdate(bas, deBoer.id, { body: 'Overleg met de gezinsvoogd gepland over een terugplaatsing.', visibility: 'professionals' });
    });

    // Family 2: Otto, one child in residential care, the Board involved; the story is still a draft.
    const vos = await as(coco, () => this.cases.createCase(coco, {
      title: 'Familie Vos (demo)', regionCodes: ['rijnmond', 'haaglanden'], leadCounsellorId: fenna.id, householdComposition: 'two_parents',
      registrantHasCustody: true, placementReasons: ['complex_divorce'], desiredSituation: ['family_restoration'], supportRequests: ['family_recovery'],
    }));
    await as(fenna, async () => {
      await this.participants.addParticipant(fenna, vos.id, { userId: otto.id, role: 'parent' });
      if (rianne) await this.participants.addParticipant(fenna, vos.id, { userId: rianne.id, role: 'board' });
      await this.children.addChild(fenna, vos.id, { firstName: 'Noor', birthYear: 2012, placement: 'residential', protectionMeasure: 'guardianship', placedSince: '2023-02-15' });
    });
    await as(otto, async () => {
      await this.story.saveStory(otto, vos.id, [
        { key: 'wat-er-gebeurde', title: 'Wat er gebeurde', text: 'Na een moeilijke scheiding is Noor in een leefgroep gaan wonen. (Verzonnen demoverhaal.)' },
      ]);
      if (rianne) await this.consents.grantConsent(otto, vos.id, { granteeUserId: rianne.id, scopes: ['story'], expiresAt: new Date(Date.now() + 90 * 86400_000).toISOString() });
      await this.updates.postUpdate(otto, vos.id, { body: 'Het gesprek met de Raad is verzet naar donderdag.', visibility: 'everyone' });
    });
    // An open handover request, so the coordinator's team screen has one to pick up.
    await as(fenna, () => this.handovers.requestHandover(fenna, vos.id, 'Ik ga drie maanden met verlof; graag overdragen aan een collega. (Verzonnen demoverzoek.)'));
  }

  private async demoUsers(): Promise<Map<string, AuthUser>> {
    const rows: { id: string; email: string; display_name: string; role: Role; organisation_id: string | null }[] = await this.txHost.tx.query(
      `SELECT id, email, display_name, role, organisation_id FROM app_user WHERE email LIKE $1`,
      [`%${DOMAIN}`],
    );
    return new Map(rows.map((r) => [r.email.slice(0, -DOMAIN.length), {
      id: r.id, email: r.email, displayName: r.display_name, role: r.role, organisationId: r.organisation_id,
      sessionId: 'demo', secondFactor: true, totpEnabled: false,
    }]));
  }
}
