import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { RequestContext } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';
import { GroupMessagesService } from './group-messages.service.js';
import { GroupReportsService } from './group-reports.service.js';
import { GroupsService } from './groups.service.js';

const DOMAIN = '@demo.eenverhaal.test';

/**
 * `npm run demo`: one fictional peer group of the demo team, with a counsellor as moderator, two
 * demo parents under pseudonyms, a short conversation, and one reported message.
 * Everything goes through the same services as the API. Every name here is invented.
 */
@Injectable()
export class GroupsDemoService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly groups: GroupsService,
    private readonly messages: GroupMessagesService,
    private readonly reports: GroupReportsService,
  ) {}

  async seed(): Promise<void> {
    const coordinator = await this.demoUser('coordinator');
    const moderator = await this.demoUser('begeleider1');
    const olga = await this.demoUser('ouder1');
    const otto = await this.demoUser('ouder2');
    if (!coordinator || !moderator || !olga || !otto) return;
    const group = await this.as(coordinator, () => this.groups.create(coordinator, {
      name: 'Ouders met een kind in een pleeggezin (demo)',
      theme: 'Uw kind woont in een pleeggezin',
      regionCode: 'ijsselland',
      description: 'Een groep om ervaringen te delen met andere ouders van wie een kind in een pleeggezin woont. Dit is een demogroep met verzonnen berichten.',
      rules: [
        'Je bent hier onder een naam die je zelf kiest. Noem geen echte namen van jezelf, je kinderen of hulpverleners.',
        'Wat hier gedeeld wordt, blijft in de groep.',
        'We luisteren naar elkaar en oordelen niet.',
        'Geen adressen, telefoonnummers of namen van instanties met personen erbij.',
        'Gaat het niet goed met je? Bel je begeleider, of bij direct gevaar 112.',
      ].join('\n'),
    }));
    await this.as(coordinator, () => this.groups.addMember(coordinator, group.id, { userId: moderator.id, pseudonym: 'Gespreksleider Bas', role: 'moderator' }));
    const olgaRequest = await this.as(olga, () => this.groups.requestToJoin(olga, group.id, { pseudonym: 'Zonnebloem' }));
    await this.as(moderator, () => this.groups.addMember(moderator, group.id, { userId: olgaRequest.handle, pseudonym: 'Zonnebloem', role: 'member' }));
    const ottoRequest = await this.as(otto, () => this.groups.requestToJoin(otto, group.id, { pseudonym: 'Wandelaar' }));
    await this.as(moderator, () => this.groups.addMember(moderator, group.id, { userId: ottoRequest.handle, pseudonym: 'Wandelaar', role: 'member' }));
    const say = (user: AuthUser, body: string) => this.as(user, () => this.messages.send(user, group.id, { body, clientMessageId: `demo-${randomUUID()}` }));
    await say(moderator, 'Welkom allemaal. Lees de groepsregels nog even rustig door. Wie wil iets vertellen?');
    await say(olga, 'Hoi. Mijn dochter woont nu een half jaar in een pleeggezin. De zaterdagen zijn het moeilijkst.');
    const rude = await say(otto, 'Dat is toch je eigen schuld, dan had je maar beter moeten opletten.');
    await say(olga, 'Dat doet pijn om te lezen.');
    await this.as(olga, () => this.reports.report(olga, group.id, rude.message.id, { reason: 'Dit bericht is kwetsend en past niet bij de regels.' }));
  }

  private as<T>(user: AuthUser, fn: () => Promise<T>): Promise<T> {
    return RequestContext.run({ user, requestId: 'demo' }, fn);
  }

  private async demoUser(name: string): Promise<AuthUser | null> {
    const [row] = await this.txHost.tx.query(
      `SELECT id, email, display_name, role, organisation_id FROM app_user WHERE email = $1`, [`${name}${DOMAIN}`],
    ) as { id: string; email: string; display_name: string; role: AuthUser['role']; organisation_id: string | null }[];
    if (!row) return null;
    return {
      id: row.id, email: row.email, displayName: row.display_name, role: row.role, organisationId: row.organisation_id,
      sessionId: '00000000-0000-0000-0000-000000000000', secondFactor: true, totpEnabled: false,
    };
  }
}
