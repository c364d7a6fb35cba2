import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { RequestContext } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';
import { MessagesService } from './messages.service.js';
import { ThreadsService } from './threads.service.js';

const DOMAIN = '@demo.eenverhaal.test';

interface DemoThread {
  caseTitle: string;
  title: string;
  /** Demo account names (the part before the domain); the first one starts the thread. */
  members: string[];
  /** [who, text]; all invented. */
  messages: [string, string][];
  /** Who has read everything (the others see unread counts). */
  readBy: string[];
}

const THREADS: DemoThread[] = [
  {
    caseTitle: 'Familie De Boer (demo)', title: 'Bezoeksregeling', members: ['begeleider1', 'ouder1', 'voogd', 'pleegouder'],
    messages: [
      ['begeleider1', 'Goedemorgen allemaal. Zullen we hier afspreken hoe de zaterdagen met Mila en Daan gaan lopen?'],
      ['pleegouder', 'Prima. Zaterdag van 10 tot 15 uur past bij ons goed. Daan heeft om 9 uur voetbal.'],
      ['ouder1', 'Dank jullie wel. Mag ik ze dan ophalen bij het voetbalveld? Dan zie ik Daan ook spelen.'],
      ['voogd', 'Dat lijkt me een goed idee. Ik zet het in het plan.'],
    ],
    readBy: ['begeleider1', 'voogd'],
  },
  {
    caseTitle: 'Familie De Boer (demo)', title: 'Alleen Olga en Bas', members: ['begeleider1', 'ouder1'],
    messages: [
      ['ouder1', 'Ik zie op tegen het gesprek met de Raad volgende week.'],
      ['begeleider1', 'Dat begrijp ik. Zullen we donderdag samen je vragen op een rij zetten? Ik bel je woensdag.'],
    ],
    readBy: ['ouder1'],
  },
  {
    caseTitle: 'Familie Vos (demo)', title: 'Kennismaking', members: ['begeleider2', 'ouder2', 'raad'],
    messages: [
      ['begeleider2', 'Welkom in Eenverhaal, Otto. Hier kunnen we berichten sturen; alleen de mensen hierboven lezen mee.'],
      ['ouder2', 'Fijn. Hoe lang duurt het voordat ik mijn verhaal kan delen?'],
    ],
    readBy: [],
  },
];

/** `npm run demo`: a few fictional threads in the demo cases, made through the same services as the API. */
@Injectable()
export class MessagingDemoService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly threads: ThreadsService,
    private readonly messages: MessagesService,
  ) {}

  async seed(): Promise<void> {
    for (const spec of THREADS) {
      const [found] = await this.txHost.tx.query(`SELECT id FROM case_file WHERE title = $1 LIMIT 1`, [spec.caseTitle]);
      if (!found) continue; // the case demo did not build this family
      const participants: { id: string; name: string }[] = await this.txHost.tx.query(
        `SELECT u.id, split_part(u.email, '@', 1) AS name FROM case_participant p JOIN app_user u ON u.id = p.user_id
          WHERE p.case_id = $1 AND u.email LIKE $2`,
        [found.id, `%${DOMAIN}`],
      );
      const users = new Map<string, AuthUser>();
      for (const name of spec.members) {
        const participant = participants.find((p) => p.name === name);
        if (participant) users.set(name, await this.demoUser(participant.id));
      }
      const creator = users.get(spec.members[0]);
      if (!creator) continue;
      const thread = await this.as(creator, () => this.threads.createThread(creator, found.id, {
        title: spec.title, memberIds: [...users.values()].map((u) => u.id),
      }));
      let lastId: string | undefined;
      for (const [name, text] of spec.messages) {
        const author = users.get(name);
        if (!author) continue;
        const { message } = await this.as(author, () => this.messages.send(author, thread.id, { body: text, clientMessageId: `demo-${randomUUID()}` }));
        lastId = message.id;
      }
      for (const name of spec.readBy) {
        const reader = users.get(name);
        if (reader && lastId) await this.as(reader, () => this.messages.markRead(reader, thread.id, lastId!));
      }
    }
  }

  private as<T>(user: AuthUser, fn: () => Promise<T>): Promise<T> {
    return RequestContext.run({ user, requestId: 'demo' }, fn);
  }

  private async demoUser(id: string): Promise<AuthUser> {
    const [row] = await this.txHost.tx.query(
      `SELECT id, email, display_name, role, organisation_id FROM app_user WHERE id = $1`, [id],
    );
    return {
      id: row.id, email: row.email, displayName: row.display_name, role: row.role, organisationId: row.organisation_id,
      sessionId: '00000000-0000-0000-0000-000000000000', secondFactor: true, totpEnabled: false,
    };
  }
}
