import type { CaseLogAction } from '../audit-actions.js';
import type { Text } from '../../common/domain-error.js';
import type { Language } from '../../common/language.js';

/**
 * The access log in plain words (B1), written for a parent: what someone did with the case file.
 * `{your}` becomes "uw"/"your" when the reader is a parent of the case and "het"/"the" otherwise;
 * `{subject}`, `{to}`, `{scopes}`, `{status}`, `{member}`, `{history}` are filled from the event.
 */
const PHRASES: Record<CaseLogAction, Text> = {
  'invitation.created': { nl: 'nodigde iemand uit voor het dossier', en: 'invited someone to the case file' },
  'invitation.resent': { nl: 'stuurde een uitnodiging voor het dossier opnieuw', en: 'sent an invitation to the case file again' },
  'invitation.accepted': { nl: 'nam de uitnodiging voor het dossier aan', en: 'accepted the invitation to the case file' },
  'registration.converted': { nl: 'maakte het dossier van de aanmelding', en: 'made the case file from the registration' },
  'registration.read': { nl: 'bekeek de aanmelding', en: 'looked at the registration' },
  'registration.updated': { nl: 'wijzigde de aanmelding', en: 'changed the registration' },
  'case.created': { nl: 'opende het dossier', en: 'opened the case file' },
  'case.read': { nl: 'bekeek het dossier', en: 'looked at the case file' },
  'case.updated': { nl: 'wijzigde gegevens van het dossier', en: 'changed details of the case file' },
  'case.status_changed': { nl: 'zette de status van het dossier op "{status}"', en: 'set the status of the case file to "{status}"' },
  'case.status_history.read': { nl: 'bekeek de geschiedenis van de status', en: 'looked at the history of the status' },
  'case.participants.read': { nl: 'bekeek wie er meedoen in het dossier', en: 'looked at who takes part in the case file' },
  'case.participant.added': { nl: 'voegde {subject} toe aan het dossier', en: 'added {subject} to the case file' },
  'case.participant.removed': { nl: 'haalde {subject} uit het dossier', en: 'removed {subject} from the case file' },
  'case.story.read': { nl: 'las {your} verhaal', en: 'read {your} story' },
  'case.story.versions.read': { nl: 'bekeek eerdere versies van {your} verhaal', en: 'looked at earlier versions of {your} story' },
  'case.story.saved': { nl: 'schreef een nieuwe versie van {your} verhaal', en: 'wrote a new version of {your} story' },
  'case.story.confirmed': { nl: 'bevestigde {your} verhaal', en: 'confirmed {your} story' },
  'case.consent.granted': { nl: 'gaf {subject} toestemming om {scopes} te zien', en: 'allowed {subject} to see {scopes}' },
  'case.consent.changed': { nl: 'veranderde de toestemming van {subject}: nu {scopes}', en: 'changed what {subject} may see: now {scopes}' },
  'case.consent.revoked': { nl: 'trok een toestemming in', en: 'withdrew a consent' },
  'case.consents.read': { nl: 'bekeek de toestemmingen', en: 'looked at the consents' },
  'case.updates.read': { nl: 'las de mededelingen', en: 'read the updates' },
  'case.update.posted': { nl: 'plaatste een mededeling', en: 'posted an update' },
  'case.children.read': { nl: 'bekeek de gegevens van de kinderen', en: "looked at the children's details" },
  'case.child.read': { nl: 'bekeek de gegevens van een kind', en: "looked at a child's details" },
  'case.child.added': { nl: 'voegde een kind toe', en: 'added a child' },
  'case.child.updated': { nl: 'wijzigde de gegevens van een kind', en: "changed a child's details" },
  'case.results.read': { nl: 'bekeek de resultaten', en: 'looked at the results' },
  'case.result.added': { nl: 'schreef een resultaat op', en: 'wrote down a result' },
  'case.access_log.read': { nl: 'bekeek wie het dossier inzag', en: 'looked at who viewed the case file' },
  'case.handover': { nl: 'droeg het dossier over aan {to}', en: 'handed the case file over to {to}' },
  'case.handover.requested': { nl: 'vroeg om overdracht van het dossier', en: 'asked for the case file to be handed over' },
  'case.handover_requests.read': { nl: 'bekeek de verzoeken om overdracht', en: 'looked at the requests for a handover' },
  // Issue 18: the plan and the shared explanatory analysis.
  'case.plan.read': { nl: 'bekeek het plan', en: 'looked at the plan' },
  'case.plan.pdf': { nl: 'maakte een pdf van het plan', en: 'made a PDF of the plan' },
  'case.plan.goal.added': { nl: 'zette een doel in het plan', en: 'added a goal to the plan' },
  'case.plan.goal.changed': { nl: 'veranderde een doel in het plan', en: 'changed a goal in the plan' },
  'case.plan.goal.dropped': { nl: 'stopte met een doel in het plan (de reden staat bij het doel)', en: 'dropped a goal in the plan (the reason is with the goal)' },
  'case.plan.action.added': { nl: 'zette een actie in het plan', en: 'added an action to the plan' },
  'case.plan.action.changed': { nl: 'veranderde een actie in het plan', en: 'changed an action in the plan' },
  'case.analysis.read': { nl: 'las de gedeelde analyse', en: 'read the shared analysis' },
  'case.analysis.versions.read': { nl: 'bekeek eerdere versies van de gedeelde analyse', en: 'looked at earlier versions of the shared analysis' },
  'case.analysis.saved': { nl: 'schreef een nieuwe versie van de gedeelde analyse', en: 'wrote a new version of the shared analysis' },
  'case.analysis.position.added': { nl: 'schreef op wat hij of zij van de gedeelde analyse vindt', en: 'wrote down what they think of the shared analysis' },
  'case.analysis.signed_off': { nl: 'keurde de gedeelde analyse goed als deskundige (tegenspraak)', en: 'signed off the shared analysis as the expert (challenge)' },
  // Messaging and attachments record their events with the case id too; the keys are their actions.
  'thread.create': { nl: 'begon een gesprek', en: 'started a conversation' },
  'thread.member.add': { nl: 'voegde {member} toe aan een gesprek{history}', en: 'added {member} to a conversation{history}' },
  'thread.member.remove': { nl: 'haalde {member} uit een gesprek', en: 'removed {member} from a conversation' },
  'thread.list': { nl: 'bekeek de gesprekken', en: 'looked at the conversations' },
  'message.create': { nl: 'stuurde een bericht', en: 'sent a message' },
  'message.list': { nl: 'las berichten in een gesprek', en: 'read messages in a conversation' },
  'message.read': { nl: 'las een gesprek tot het laatste bericht', en: 'read a conversation up to the last message' },
  'attachment.upload': { nl: 'deelde een versleutelde bijlage', en: 'shared an encrypted attachment' },
  'attachment.download': { nl: 'opende een versleutelde bijlage', en: 'opened an encrypted attachment' },
  'attachment.read': { nl: 'bekeek de gegevens van een versleutelde bijlage', en: 'looked at the details of an encrypted attachment' },
  'attachment.share': { nl: 'maakte een versleutelde bijlage leesbaar voor een nieuw lid van een gesprek', en: 'made an encrypted attachment readable for a new member of a conversation' },
  'attachment.recipients.read': { nl: 'bekeek voor wie een bijlage versleuteld moet worden', en: 'looked at whom an attachment must be encrypted for' },
  'attachment.list': { nl: 'bekeek welke bijlagen er in een gesprek staan', en: 'looked at which attachments a conversation holds' },
  'attachment.access.requested': { nl: 'vroeg toegang tot een versleutelde bijlage', en: 'asked for access to an encrypted attachment' },
  // The help directory (issue 20).
  'case.service.suggested': { nl: 'raadde hulp aan uit het overzicht hulp', en: 'suggested help from the help directory' },
  'case.service_suggestions.read': { nl: 'bekeek de hulp die werd aangeraden', en: 'looked at the help that was suggested' },
  // Children's own place (issue 20). The child's voice itself is never in this log (see audit-actions.ts).
  'case.child.account_linked': { nl: 'koppelde een kind aan het eigen account van het kind', en: "linked a child to the child's own account" },
  'case.child.account_unlinked': { nl: 'haalde de koppeling van een kind met een account weg', en: 'removed the link between a child and an account' },
  // The expert pool (issue 19): the expert sees a summary without names, never the file itself.
  'consultation.requested': { nl: 'vroeg een specialist in {specialism} om mee te denken over {your} situatie, zonder {your} naam te delen', en: 'asked a specialist in {specialism} to think along about {your} situation, without sharing {your} name' },
  'consultation.read': { nl: 'las de vraag aan een specialist in {specialism}, zonder namen', en: 'read the question to a specialist in {specialism}, without names' },
  'consultation.message.posted': { nl: 'schreef in het overleg met een specialist in {specialism}, zonder namen', en: 'wrote in the consultation with a specialist in {specialism}, without names' },
  'consultation.answered': { nl: 'dacht als specialist in {specialism} mee over {your} situatie, zonder {your} naam te zien', en: 'thought along about {your} situation as a specialist in {specialism}, without seeing {your} name' },
  'consultation.closed': { nl: 'sloot het overleg met een specialist in {specialism} af', en: 'closed the consultation with a specialist in {specialism}' },
};

/** An expert's specialism in the access log's words (issue 19). */
export const SPECIALISM_WORDS: Record<string, Text> = {
  child_psychiatry: { nl: 'kinder- en jeugdpsychiatrie', en: 'child and youth psychiatry' },
  youth_protection_law: { nl: 'jeugdbeschermingsrecht', en: 'youth protection law' },
  custom_solutions: { nl: 'maatwerkoplossingen', en: 'custom solutions' },
  behavioural_science: { nl: 'gedragswetenschap', en: 'behavioural science' },
  other: { nl: 'een ander vakgebied', en: 'another field' },
};

/** Events of actions no longer recorded (older data) still read as something done in the file. */
const DEFAULT_PHRASE: Text = { nl: 'deed iets in het dossier', en: 'did something in the case file' };

export function phraseFor(action: string): Text {
  return (PHRASES as Record<string, Text>)[action] ?? DEFAULT_PHRASE;
}

export const STATUS_WORDS: Record<string, Text> = {
  intake: { nl: 'aanmelding', en: 'intake' },
  active: { nl: 'in begeleiding', en: 'in guidance' },
  dormant: { nl: 'slapend', en: 'dormant' },
  closed: { nl: 'afgesloten', en: 'closed' },
  not_started: { nl: 'niet gestart', en: 'not started' },
  out_of_scope: { nl: 'buiten de doelgroep', en: 'out of scope' },
};

export const SCOPE_WORDS: Record<string, Text> = {
  story: { nl: 'het verhaal', en: 'the story' },
  updates: { nl: 'de mededelingen', en: 'the updates' },
  children: { nl: 'de gegevens van de kinderen', en: "the children's details" },
  plan: { nl: 'het plan', en: 'the plan' },
  analysis: { nl: 'de gedeelde analyse', en: 'the shared analysis' },
};

/** How a person is named in the log: their role in the case, or else their account's. */
export const ROLE_WORDS: Record<string, Text> = {
  counsellor: { nl: 'procesbegeleider', en: 'counsellor' },
  coordinator: { nl: 'coördinator', en: 'coordinator' },
  parent: { nl: 'ouder', en: 'parent' },
  child: { nl: 'kind', en: 'child' },
  guardian: { nl: 'gezinsvoogd', en: 'family guardian' },
  board: { nl: 'Raad voor de Kinderbescherming', en: 'Child Protection Board' },
  foster_parent: { nl: 'pleegouder', en: 'foster parent' },
  expert: { nl: 'deskundige', en: 'expert' },
  other: { nl: 'betrokkene', en: 'involved' },
  partner: { nl: 'ketenpartner', en: 'partner' },
  admin: { nl: 'beheerder', en: 'administrator' },
};

export function joinWords(words: string[], language: Language): string {
  if (words.length <= 1) return words.join('');
  const and = language === 'nl' ? 'en' : 'and';
  return `${words.slice(0, -1).join(', ')} ${and} ${words[words.length - 1]}`;
}

/** "12 mei 2026 om 14:03" / "12 May 2026 at 14:03", in Dutch time. */
export function whenInWords(at: Date, language: Language): string {
  const date = new Intl.DateTimeFormat(language === 'nl' ? 'nl-NL' : 'en-GB', { timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'long', year: 'numeric' }).format(at);
  const time = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit', hour12: false }).format(at);
  return language === 'nl' ? `op ${date} om ${time}` : `on ${date} at ${time}`;
}
