import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service.js';
import type { Role } from '../accounts/roles.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CasesService } from '../cases/cases.service.js';
import { ChildAccountsService } from '../cases/child-accounts.service.js';
import { ChildrenService } from '../cases/children.service.js';
import { ParticipantsService } from '../cases/participants.service.js';
import { RequestContext } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';
import { MessagesService } from '../messaging/messages.service.js';
import { ThreadsService } from '../messaging/threads.service.js';
import { ChildVoiceService } from './child-voice.service.js';

const DOMAIN = '@demo.eenverhaal.test';

/**
 * `npm run demo`: Mila of the fictional De Boer family gets her own (demo) child account, linked to
 * her child record, with a voice she lets her counsellor and her mother read (not the guardian), and
 * a conversation with her counsellor. Built through the same services and rules as the API.
 */
@Injectable()
export class ChildrenDemoService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly accounts: AccountsService,
    private readonly cases: CasesService,
    private readonly children: ChildrenService,
    private readonly participants: ParticipantsService,
    private readonly childAccounts: ChildAccountsService,
    private readonly voices: ChildVoiceService,
    private readonly threads: ThreadsService,
    private readonly messages: MessagesService,
  ) {}

  /** Returns the demo login it made (empty when the standard demo family is not there). */
  async seed(password: string): Promise<{ email: string; displayName: string; role: Role }[]> {
    const [bas]: { id: string; email: string; display_name: string; organisation_id: string | null }[] = await this.txHost.tx.query(
      `SELECT id, email, display_name, organisation_id FROM app_user WHERE email = $1 AND role = 'counsellor'`, [`begeleider1${DOMAIN}`],
    );
    if (!bas) return []; // not the standard demo team: nothing to build on
    const counsellor: AuthUser = {
      id: bas.id, email: bas.email, displayName: bas.display_name, role: 'counsellor', organisationId: bas.organisation_id,
      sessionId: 'demo', secondFactor: true, totpEnabled: false,
    };
    const as = <T>(user: AuthUser, fn: () => Promise<T>) => RequestContext.run({ user, requestId: 'demo' }, fn);
    const { items } = await as(counsellor, () => this.cases.listCases(counsellor, {}));
    const deBoer = items.find((c) => c.title === 'Familie De Boer (demo)');
    if (!deBoer) return [];
    const mila = (await as(counsellor, () => this.children.listChildren(counsellor, deBoer.id))).find((c) => c.firstName === 'Mila');
    if (!mila) return [];
    const account = { email: `kind1${DOMAIN}`, displayName: 'Mila (demo)', role: 'child' as const };
    const user = await this.accounts.createUser({ ...account, organisationId: null, password });
    const child: AuthUser = {
      id: user.id, email: account.email, displayName: account.displayName, role: 'child', organisationId: null,
      sessionId: 'demo', secondFactor: true, totpEnabled: false,
    };
    await as(counsellor, async () => {
      await this.participants.addParticipant(counsellor, deBoer.id, { userId: user.id, role: 'child' });
      await this.childAccounts.linkByTeam(counsellor, deBoer.id, mila.id, user.id);
      const thread = await this.threads.createThread(counsellor, deBoer.id, { title: 'Mila en Bas', memberIds: [counsellor.id, user.id] });
      await this.messages.send(counsellor, thread.id, { body: 'Hoi Mila! Hier kun je mij altijd een bericht sturen. Ik lees het en schrijf je terug. Groetjes, Bas', clientMessageId: `demo-${randomUUID()}` });
    });
    await as(child, () => this.voices.saveVoice(child, deBoer.id, mila.id, {
      text: 'Ik wil mama vaker zien. Het liefst elke zaterdag. Bij het pleeggezin is het wel goed, maar ik mis Daan als hij voetbal heeft. (Verzonnen demotekst.)',
      visibleTo: ['counsellor', 'parents'],
    }));
    return [account];
  }
}
