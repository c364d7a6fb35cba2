import { HttpStatus, Injectable } from '@nestjs/common';
import { AccessLogService } from '../../audit/access-log/access-log.service.js';
import { sessionsOf } from '../../auth/sessions.retention.js';
import { CasesService } from '../../cases/cases.service.js';
import { ChildrenService } from '../../cases/children.service.js';
import { ConsentsService } from '../../cases/consents.service.js';
import type { CaseSummaryResponse } from '../../cases/dto/case.dto.js';
import { ParticipantsService } from '../../cases/participants.service.js';
import { StoryService } from '../../cases/story.service.js';
import { UpdatesService } from '../../cases/updates.service.js';
import { AnalysisService } from '../../analysis/analysis.service.js';
import { ACTION_STATUS_WORDS, GOAL_STATUS_WORDS, OWNER_WORDS } from '../../plan/plan.pdf.js';
import { PlanService } from '../../plan/plan.service.js';
import type { AnalysisSection, Stance } from '../../shared/plan-vocabulary.js';
import { DomainError } from '../../common/domain-error.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { registrationsOfPerson } from '../../intake/intake.retention.js';
import { MessagesService } from '../../messaging/messages.service.js';
import { ChildVoiceService } from '../../children/child-voice.service.js';
import { ConsultationsService } from '../../consultations/consultations.service.js';
import type { ConsultationResponse } from '../../consultations/dto/consultation.dto.js';
import { ServiceSuggestionsService } from '../../directory/service-suggestions.service.js';
import { GroupPrivacyService } from '../../groups/group-privacy.service.js';
import { ThreadsService } from '../../messaging/threads.service.js';
import type { CaseExportSection, ExportContext, ExportSection } from './export-context.js';
import { dutchTime } from './overview-pdf.js';

const MAX = 200;
/**
 * The readable overview shows the newest this many messages of a conversation; data.json holds all
 * of them, and the PDF says how many more there are. pdfkit's line layout is what costs memory and
 * time (measured with bench:export, 10,000 messages: RSS growth 29–54 MiB at 100, 66–78 MiB at 500,
 * 116 MiB for all), and hundreds of pages of messages help no one read.
 */
const PDF_MESSAGES_PER_THREAD = 100;

/** A refusal of the access layer (no consent, not a member): the part is not shown to this user. */
function isRefusal(error: unknown): boolean {
  return error instanceof DomainError && (error.status === HttpStatus.FORBIDDEN || error.status === HttpStatus.NOT_FOUND);
}

class NotShown extends Error {}

/** Reads a part; a refusal of the access layer becomes `NotShown(key)`, before anything of it is written. */
async function shownOrRefused<T>(key: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (isRefusal(error)) throw new NotShown(key);
    throw error;
  }
}

/** Fetches the first page before writing anything, so a refusal becomes `null` instead of half an array. */
async function pagedArray<T>(
  ctx: ExportContext, key: string, page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>, onItem: (item: T) => void,
): Promise<number> {
  let current = await shownOrRefused(key, () => page(undefined));
  await ctx.json.beginArray(key);
  let count = 0;
  for (;;) {
    await ctx.json.items(current.items);
    for (const item of current.items) onItem(item);
    count += current.items.length;
    await ctx.tick();
    if (!current.nextCursor) break;
    current = await page(current.nextCursor);
  }
  await ctx.json.end();
  return count;
}

async function wholeArray<T>(ctx: ExportContext, key: string, load: () => Promise<T[]>, onItem: (item: T) => void): Promise<number> {
  return pagedArray(ctx, key, async () => ({ items: await load(), nextCursor: null }), onItem);
}

/** The analysis in the overview's plain Dutch (the plan's words are `plan.pdf.ts`'s). */
const SECTION_WORDS: Record<AnalysisSection, string> = {
  situation: 'De situatie nu', explanations: 'Hoe is het zo gekomen?', risks: "Zorgen en risico's", protective_factors: 'Wat goed gaat en helpt',
  earlier_help: 'Hulp die er eerder was', hypotheses: 'Wat we denken dat er speelt', agreements: 'Wat we afspreken',
};
const STANCE_WORDS: Record<Stance, string> = { agree: 'is het eens', disagree: 'ziet het anders', addition: 'wil iets toevoegen' };

const person = (p: { displayName?: string | null; name?: string | null } | null | undefined) => p?.displayName ?? p?.name ?? 'onbekend';

/**
 * The exporters: what data.json and overzicht.pdf hold, one small function per kind of data. Every
 * read goes through the owning module's service as the user themself, so the export holds exactly
 * what the portal shows them (consent included) and each read is audited like one in the portal.
 */
@Injectable()
export class ExportSections {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly cases: CasesService,
    private readonly participants: ParticipantsService,
    private readonly story: StoryService,
    private readonly consents: ConsentsService,
    private readonly updates: UpdatesService,
    private readonly children: ChildrenService,
    private readonly threads: ThreadsService,
    private readonly messages: MessagesService,
    private readonly accessLog: AccessLogService,
    private readonly plan: PlanService,
    private readonly analysis: AnalysisService,
    private readonly groups: GroupPrivacyService,
    private readonly consultations: ConsultationsService,
    private readonly childVoices: ChildVoiceService,
    private readonly suggestions: ServiceSuggestionsService,
  ) {}

  /** Per case, in this order. */
  readonly perCase: CaseExportSection[] = [
    { key: 'case', write: (ctx, kase) => this.caseDetails(ctx, kase) },
    { key: 'participants', write: (ctx, kase) => this.caseParticipants(ctx, kase) },
    { key: 'storyVersions', write: (ctx, kase) => this.storyVersions(ctx, kase) },
    { key: 'consents', write: (ctx, kase) => this.caseConsents(ctx, kase) },
    { key: 'updates', write: (ctx, kase) => this.caseUpdates(ctx, kase) },
    { key: 'children', write: (ctx, kase) => this.caseChildren(ctx, kase) },
    { key: 'results', write: (ctx, kase) => this.caseResults(ctx, kase) },
    { key: 'plan', write: (ctx, kase) => this.casePlan(ctx, kase) },
    { key: 'analysisVersions', write: (ctx, kase) => this.analysisVersions(ctx, kase) },
    { key: 'threads', write: (ctx, kase) => this.caseThreads(ctx, kase) },
    { key: 'accessLog', write: (ctx, kase) => this.caseAccessLog(ctx, kase) },
  ];

  /** The top level of data.json, in this order. */
  readonly topLevel: ExportSection[] = [
    { key: 'account', write: (ctx) => this.account(ctx) },
    { key: 'sessions', write: (ctx) => this.sessions(ctx) },
    { key: 'cases', write: (ctx) => this.allCases(ctx) },
    { key: 'registrations', write: (ctx) => this.registrations(ctx) },
    { key: 'peerGroups', write: (ctx) => this.peerGroups(ctx) },
    { key: 'consultations', write: (ctx) => this.ownConsultations(ctx) },
    { key: 'childVoice', write: (ctx) => this.childVoice(ctx) },
    { key: 'serviceSuggestions', write: (ctx) => this.serviceSuggestions(ctx) },
    { key: 'attachments', write: (ctx) => this.attachmentList(ctx) },
  ];

  /** The cases the user takes part in (a coordinator's team cases they are not in are not "about them"). */
  async casesOf(ctx: Pick<ExportContext, 'user'>): Promise<CaseSummaryResponse[]> {
    const found: CaseSummaryResponse[] = [];
    let before: string | undefined;
    for (;;) {
      const page = await this.cases.listCases(ctx.user, { limit: MAX, before });
      found.push(...page.items.filter((c) => c.myRole !== null));
      if (!page.nextCursor) return found;
      before = page.nextCursor;
    }
  }

  private async account(ctx: ExportContext): Promise<void> {
    const [row]: { id: string; email: string; display_name: string; role: string; created_at: Date; organisation: string | null; totp_enabled: boolean; disabled_at: Date | null }[] =
      await this.txHost.tx.query(
        `SELECT u.id, u.email, u.display_name, u.role, u.created_at, o.name AS organisation, u.totp_enabled_at IS NOT NULL AS totp_enabled, u.disabled_at
           FROM app_user u LEFT JOIN organisation o ON o.id = u.organisation_id WHERE u.id = $1`, [ctx.user.id]);
    const account = {
      id: row.id, email: row.email, displayName: row.display_name, role: row.role, organisation: row.organisation,
      createdAt: new Date(row.created_at).toISOString(), secondFactorEnabled: row.totp_enabled,
      disabledAt: row.disabled_at ? new Date(row.disabled_at).toISOString() : null,
    };
    await ctx.json.value('account', account);
    ctx.pdf.heading('Uw account');
    ctx.pdf.field('Naam', account.displayName);
    ctx.pdf.field('E-mailadres', account.email);
    ctx.pdf.field('Rol', account.role);
    if (account.organisation) ctx.pdf.field('Organisatie', account.organisation);
    ctx.pdf.field('Account gemaakt op', dutchTime(account.createdAt));
    ctx.pdf.field('Tweestapsverificatie', account.secondFactorEnabled ? 'aan' : 'uit');
  }

  private async sessions(ctx: ExportContext): Promise<void> {
    const sessions = await sessionsOf(this.txHost.tx, ctx.user.id);
    await ctx.json.value('sessions', sessions);
    ctx.pdf.heading('Wanneer u was ingelogd');
    ctx.pdf.paragraph(`We bewaren van elke keer dat u inlogde alleen wanneer dat was en tot wanneer. Dat zijn er nu ${sessions.length}.`);
    for (const s of sessions.slice(0, 50)) ctx.pdf.entry(`Ingelogd op ${dutchTime(s.createdAt)}`, `Laatst actief: ${dutchTime(s.lastSeenAt)}${s.revokedAt ? ` · uitgelogd: ${dutchTime(s.revokedAt)}` : ''}`);
    if (sessions.length > 50) ctx.pdf.muted(`En ${sessions.length - 50} eerdere keren: zie data.json.`);
  }

  private async allCases(ctx: ExportContext): Promise<void> {
    const { cases } = ctx;
    await ctx.json.beginArray('cases');
    ctx.pdf.heading('Uw dossiers');
    if (cases.length === 0) ctx.pdf.paragraph('U doet niet mee in een dossier.');
    for (const kase of cases) {
      await ctx.json.beginObject();
      ctx.pdf.heading(`Dossier ${kase.reference}: ${kase.title}`);
      const notShown: string[] = [];
      for (const section of this.perCase) {
        try {
          await section.write(ctx, kase);
        } catch (error) {
          if (!(error instanceof NotShown)) throw error;
          await ctx.json.value(section.key, null);
          notShown.push(section.key);
        }
        await ctx.step();
      }
      await ctx.json.value('notShownToYou', notShown);
      if (notShown.length) ctx.pdf.muted(`Niet in dit overzicht, omdat u dat deel van het dossier niet mag zien: ${notShown.join(', ')}.`);
      await ctx.json.end();
      await ctx.tick();
    }
    await ctx.json.end();
  }

  private async caseDetails(ctx: ExportContext, kase: CaseSummaryResponse): Promise<void> {
    const full = await this.cases.getCase(ctx.user, kase.id);
    await ctx.json.value('case', full);
    ctx.pdf.field('Status', full.status);
    ctx.pdf.field('Begonnen op', dutchTime(full.createdAt));
    if (full.leadCounsellor) ctx.pdf.field('Procesbegeleider', full.leadCounsellor.displayName);
  }

  private async caseParticipants(ctx: ExportContext, kase: CaseSummaryResponse): Promise<void> {
    ctx.pdf.subheading('Wie doen er mee');
    await wholeArray(ctx, 'participants', () => this.participants.listParticipants(ctx.user, kase.id),
      (p) => ctx.pdf.entry(`${p.displayName}${p.organisation ? ` (${p.organisation.name})` : ''}`, `rol: ${p.role}, sinds ${dutchTime(p.addedAt)}`));
  }

  private async storyVersions(ctx: ExportContext, kase: CaseSummaryResponse): Promise<void> {
    ctx.pdf.subheading('Uw verhaal, alle versies');
    const n = await pagedArray(ctx, 'storyVersions', (cursor) => this.story.listVersions(ctx.user, kase.id, MAX, cursor ? Number(cursor) : undefined), (v) => {
      ctx.pdf.entry(`Versie ${v.version} · ${dutchTime(v.updatedAt)}${v.updatedBy ? ` · ${person(v.updatedBy)}` : ''}${v.confirmedByParentAt ? ' · bevestigd' : ' · nog niet bevestigd'}`, '');
      for (const section of v.sections) ctx.pdf.entry(section.title, String((section as { text?: string }).text ?? ''));
    });
    if (n === 0) ctx.pdf.muted('Er is nog geen verhaal.');
  }

  private async caseConsents(ctx: ExportContext, kase: CaseSummaryResponse): Promise<void> {
    ctx.pdf.subheading('Toestemmingen (ook ingetrokken en verlopen)');
    const n = await wholeArray(ctx, 'consents', async () => (await this.consents.listConsents(ctx.user, kase.id)).items,
      (k) => ctx.pdf.entry(`${k.grantee.name} · ${k.scopes.join(', ')} · ${k.state}`,
        `Gegeven op ${dutchTime(k.createdAt)} door ${person(k.grantedBy)}${k.givenInPerson ? ' (mondeling)' : ''}${k.expiresAt ? `, tot ${dutchTime(k.expiresAt)}` : ''}${k.revokedAt ? `; ingetrokken op ${dutchTime(k.revokedAt)}` : ''}`));
    if (n === 0) ctx.pdf.muted('Geen toestemmingen.');
    ctx.pdf.muted('Elke wijziging van een toestemming staat ook hieronder, bij "Wie keek in dit dossier".');
  }

  private async caseUpdates(ctx: ExportContext, kase: CaseSummaryResponse): Promise<void> {
    ctx.pdf.subheading('Mededelingen');
    const n = await pagedArray(ctx, 'updates', (before) => this.updates.listUpdates(ctx.user, kase.id, { limit: MAX, before }),
      (u) => ctx.pdf.entry(`${dutchTime(u.createdAt)}`, u.body));
    if (n === 0) ctx.pdf.muted('Geen mededelingen.');
  }

  private async caseChildren(ctx: ExportContext, kase: CaseSummaryResponse): Promise<void> {
    ctx.pdf.subheading('Kinderen');
    await wholeArray(ctx, 'children', () => this.children.listChildren(ctx.user, kase.id),
      (c) => ctx.pdf.entry(`${c.firstName ?? 'Kind'} (geboren in ${c.birthYear})`, `Verblijft: ${c.placement}${c.placedSince ? `, sinds ${c.placedSince}` : ''}; maatregel: ${c.protectionMeasure}`));
  }

  private async caseResults(ctx: ExportContext, kase: CaseSummaryResponse): Promise<void> {
    ctx.pdf.subheading('Resultaten');
    await wholeArray(ctx, 'results', () => this.children.listResults(ctx.user, kase.id), (r) => ctx.pdf.entry(`${r.date} · ${r.kind}`, r.note ?? ''));
  }

  /** The plan (issue 18): every goal with its actions, whoever owns it; partners only with `plan` consent. */
  private async casePlan(ctx: ExportContext, kase: CaseSummaryResponse): Promise<void> {
    const plan = await shownOrRefused('plan', () => this.plan.getPlan(ctx.user, kase.id));
    await ctx.json.value('plan', plan);
    ctx.pdf.subheading('Het gezinsplan');
    if (plan.goals.length === 0) ctx.pdf.muted('Er staan nog geen doelen in het plan.');
    for (const goal of plan.goals) {
      const dropped = goal.status === 'dropped' && goal.droppedBy ? ` (gestopt door ${goal.droppedBy.displayName}: ${goal.droppedReason ?? ''})` : '';
      ctx.pdf.entry(`${OWNER_WORDS[goal.owner]} · ${GOAL_STATUS_WORDS[goal.status]}${dropped}`, [goal.title, goal.description ?? ''].filter(Boolean).join(': '));
      for (const action of goal.actions) ctx.pdf.entry(`  Afspraak · ${ACTION_STATUS_WORDS[action.status]}${action.dueDate ? ` · uiterlijk ${action.dueDate}` : ''}${action.ownerDisplayName ? ` · ${action.ownerDisplayName}` : ''}`, action.title);
    }
  }

  /** Every version of the shared analysis (issue 18), each with the positions given on it; partners only with `analysis` consent. */
  private async analysisVersions(ctx: ExportContext, kase: CaseSummaryResponse): Promise<void> {
    ctx.pdf.subheading('De gedeelde analyse, alle versies');
    const n = await pagedArray(ctx, 'analysisVersions', (cursor) => this.analysis.listVersions(ctx.user, kase.id, MAX, cursor ? Number(cursor) : undefined), (v) => {
      ctx.pdf.entry(`Versie ${v.version} · ${v.status === 'final' ? 'afgerond' : 'concept'}${v.updatedAt ? ` · ${dutchTime(v.updatedAt)}` : ''}${v.updatedBy ? ` · ${v.updatedBy.displayName}` : ''}`, '');
      for (const section of v.sections) ctx.pdf.entry(SECTION_WORDS[section.key], section.text);
      for (const position of v.positions) ctx.pdf.entry(`${position.displayName} ${STANCE_WORDS[position.stance]} (${SECTION_WORDS[position.sectionKey]}, versie ${position.version})`, position.text ?? '');
    });
    if (n === 0) ctx.pdf.muted('Er is nog geen analyse.');
  }

  private async caseThreads(ctx: ExportContext, kase: CaseSummaryResponse): Promise<void> {
    const threads = await shownOrRefused('threads', () => this.threads.listThreads(ctx.user, kase.id));
    ctx.pdf.subheading('Gesprekken');
    await ctx.json.beginArray('threads');
    let shown = 0;
    for (const thread of threads) {
      if (!thread.members.some((m) => m.id === ctx.user.id)) continue;
      shown++;
      await ctx.json.beginObject();
      await ctx.json.value('thread', thread);
      ctx.pdf.entry(`Gesprek "${thread.title}" · begonnen op ${dutchTime(thread.createdAt)}`, `Nieuwste berichten eerst.`);
      let inPdf = 0;
      const total = await pagedArray(ctx, 'messages', (before) => this.messages.list(ctx.user, thread.id, { limit: MAX, before }), (m) => {
        if (inPdf++ >= PDF_MESSAGES_PER_THREAD) return;
        ctx.pdf.entry(`${m.author.displayName} · ${dutchTime(m.createdAt)}${m.attachments.length ? ` · ${m.attachments.length} bijlage(n)` : ''}`, m.body);
      })
        .catch((error) => { if (error instanceof NotShown) return ctx.json.value('messages', null).then(() => 0); throw error; });
      if (total > PDF_MESSAGES_PER_THREAD) {
        ctx.pdf.muted(`Hierboven staan de nieuwste ${PDF_MESSAGES_PER_THREAD} van ${total} berichten. Alle berichten staan in data.json.`);
      }
      await ctx.json.end();
    }
    await ctx.json.end();
    if (shown === 0) ctx.pdf.muted('U zit in geen gesprek.');
  }

  private async caseAccessLog(ctx: ExportContext, kase: CaseSummaryResponse): Promise<void> {
    ctx.pdf.subheading('Wie keek in dit dossier');
    await pagedArray(ctx, 'accessLog', (before) => this.accessLog.accessLog(ctx.user, kase.id, { limit: MAX, before }, 'nl'),
      (entry) => ctx.pdf.entry(entry.description, ''));
  }

  private async registrations(ctx: ExportContext): Promise<void> {
    const caseIds = ctx.cases.map((c) => c.id);
    const registrations = await registrationsOfPerson(this.txHost.tx, ctx.user.email, caseIds);
    await ctx.json.value('registrations', registrations);
    ctx.pdf.heading('Uw aanmeldingen');
    if (registrations.length === 0) ctx.pdf.paragraph('Er is geen aanmelding van u bekend.');
    for (const r of registrations) {
      ctx.pdf.entry(`${r.reference} · ontvangen op ${dutchTime(r.receivedAt)} · status: ${r.status}`, r.message);
    }
  }

  /**
   * Peer groups (issue 19): the user's places in groups under their pseudonyms, their own messages
   * (hidden ones with the moderators' reason), their reports. Other members by pseudonym only.
   */
  private async peerGroups(ctx: ExportContext): Promise<void> {
    const own = await this.groups.ownData(ctx.user);
    await ctx.json.value('peerGroups', own);
    ctx.pdf.heading('Lotgenotengroepen');
    if (own.moderationByYou.length) {
      ctx.pdf.subheading('Wat u deed als gespreksleider');
      for (const a of own.moderationByYou) {
        ctx.pdf.entry(`${a.groupName} · ${dutchTime(a.at)} · bericht van ${a.authorPseudonym}`,
          a.kind === 'message_hidden' ? `U verborg het bericht: ${a.reason ?? ''}` : `U handelde een melding af: ${a.outcome === 'message_hidden' ? 'bericht verborgen' : 'niets gedaan'}`);
      }
    }
    if (own.memberships.length === 0) {
      if (own.moderationByYou.length === 0) ctx.pdf.paragraph('U doet niet mee in een lotgenotengroep.');
      return;
    }
    ctx.pdf.paragraph('In een groep kent niemand uw echte naam: de anderen zien alleen de naam die u daar koos.');
    for (const m of own.memberships) {
      const state = { requested: 'u vroeg om mee te doen', active: 'u doet mee', left: 'u bent gestopt', removed: 'de gespreksleiding heeft u uit de groep gehaald' }[m.status];
      ctx.pdf.entry(`Groep "${m.groupName}" · uw naam daar: ${m.pseudonym}${m.role === 'moderator' ? ' · gespreksleider' : ''}`,
        `${state}${m.joinedAt ? `; lid sinds ${dutchTime(m.joinedAt)}` : ''}${m.endedAt ? `; tot ${dutchTime(m.endedAt)}` : ''}${m.mutedUntil ? `; u mocht even niets schrijven, tot ${dutchTime(m.mutedUntil)}` : ''}.`);
    }
    ctx.pdf.subheading('Wat u schreef in de groepen');
    if (own.messages.length === 0) ctx.pdf.muted('U schreef nog niets.');
    for (const message of own.messages.slice(-PDF_MESSAGES_PER_THREAD)) {
      ctx.pdf.entry(`${message.groupName} · ${message.pseudonym} · ${dutchTime(message.createdAt)}${message.hidden ? ` · verborgen door de gespreksleiding: ${message.hidden.reason}` : ''}`, message.body || '(gewist)');
    }
    if (own.messages.length > PDF_MESSAGES_PER_THREAD) ctx.pdf.muted(`Hierboven staan uw nieuwste ${PDF_MESSAGES_PER_THREAD} van ${own.messages.length} berichten. Alle berichten staan in data.json.`);
    if (own.reports.length) {
      ctx.pdf.subheading('Berichten die u meldde');
      for (const r of own.reports) {
        const outcome = r.outcome === 'message_hidden' ? 'het bericht is verborgen' : r.outcome === 'no_action' ? 'de gespreksleiding deed er niets mee' : 'nog niet bekeken';
        ctx.pdf.entry(`${r.groupName} · bericht van ${r.messageAuthorPseudonym} · ${dutchTime(r.createdAt)}${r.urgent ? ' · dringend' : ''} · ${outcome}`, r.reason);
      }
    }
  }

  /**
   * The expert pool (issue 19): a counsellor's consultations they asked, an expert's those put to
   * them, each with its messages, exactly as that side sees it (an expert: a pseudonym, never the case).
   */
  private async ownConsultations(ctx: ExportContext): Promise<void> {
    const found: ConsultationResponse[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.consultations.listConsultations(ctx.user, { limit: MAX, after });
      for (const item of page.items) {
        try {
          found.push(await this.consultations.getConsultation(ctx.user, item.id));
        } catch (error) {
          if (!isRefusal(error)) throw error;
        }
      }
      await ctx.tick();
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    await ctx.json.value('consultations', found);
    if (found.length === 0) return;
    ctx.pdf.heading(ctx.user.role === 'expert' ? 'Vragen aan u als specialist' : 'Vragen aan specialisten');
    for (const c of found) {
      ctx.pdf.entry(`${c.pseudonym} · ${dutchTime(c.createdAt)}${c.expert ? ` · aan ${c.expert.displayName}` : ''} · ${c.status === 'closed' ? 'gesloten' : c.status === 'answered' ? 'beantwoord' : 'gevraagd'}`, c.question);
      for (const m of c.messages) {
        ctx.pdf.entry(`  ${m.author.mine ? 'U' : m.author.displayName ?? (m.author.side === 'counsellor' ? 'De begeleider' : 'De specialist')} · ${dutchTime(m.createdAt)}`, m.body);
      }
    }
  }

  /** The child's own voice (issue 20): what they want their counsellor to know, and who they chose to read it. */
  private async childVoice(ctx: ExportContext): Promise<void> {
    const { items } = ctx.user.role === 'child' ? await this.childVoices.myRecords(ctx.user) : { items: [] };
    await ctx.json.value('childVoice', items);
    if (items.length === 0) return;
    ctx.pdf.heading('Wat jij wilt zeggen');
    const readers: Record<string, string> = { counsellor: 'je begeleider', parents: 'je ouders', guardian: 'je voogd' };
    for (const record of items) {
      ctx.pdf.entry(`Dossier ${record.caseReference}${record.voice.updatedAt ? ` · bewaard op ${dutchTime(record.voice.updatedAt)}` : ''} · wie het mag lezen: ${record.voice.visibleTo.map((r) => readers[r] ?? r).join(', ')}`,
        record.voice.text || 'Je hebt nog niets geschreven.');
    }
  }

  /** Help from the directory (issue 20) suggested to the user as a parent in their cases. */
  private async serviceSuggestions(ctx: ExportContext): Promise<void> {
    const { items } = await this.suggestions.forParent(ctx.user);
    await ctx.json.value('serviceSuggestions', items);
    if (items.length === 0) return;
    ctx.pdf.heading('Hulp die uw begeleider u aanraadde');
    for (const s of items) ctx.pdf.entry(`${dutchTime(s.createdAt)}${s.suggestedBy ? ` · ${s.suggestedBy.displayName}` : ''}`, [s.serviceName, s.note ?? ''].filter(Boolean).join(': '));
  }

  private async attachmentList(ctx: ExportContext): Promise<void> {
    await ctx.json.value('attachments', ctx.attachments.map((a) => ({ ...a, file: `attachments/${a.id}.pgp` })));
    ctx.pdf.heading('Bijlagen');
    ctx.pdf.paragraph(ctx.attachments.length === 0
      ? 'Er zijn geen bijlagen die u kunt openen.'
      : `In de map attachments staan ${ctx.attachments.length} versleutelde bijlage(n) die u kunt openen met uw eigen sleutel. Hoe dat gaat, staat in attachments/LEESMIJ.txt.`);
  }
}
