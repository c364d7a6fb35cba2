import { HttpStatus } from '@nestjs/common';
import { CommonErrors, DomainError, type Text } from '../common/domain-error.js';

const field = (name: string, code: string, text: Text) => CommonErrors.invalidField(name, text, code);

/** The case file's errors: a code a client can branch on, and a message in Dutch and English. */
export const CaseErrors = {
  notTeamMember: () => new DomainError(HttpStatus.FORBIDDEN, 'not_in_support_team', {
    nl: 'Alleen medewerkers van een ondersteuningsteam kunnen een dossier openen.',
    en: 'Only staff of a support team can open a case.',
  }),
  invalidVocabulary: (name: string, allowed: readonly string[]) => field(name, 'invalid_vocabulary', {
    nl: `onbekende waarde; kies uit ${allowed.join(', ')}.`,
    en: `unknown value; choose from ${allowed.join(', ')}.`,
  }),
  invalidTitle: () => field('title', 'invalid_title', {
    nl: 'geef een titel van 1 tot 200 tekens.', en: 'give a title of 1 to 200 characters.',
  }),
  invalidRegion: (name: string) => field(name, 'invalid_region', {
    nl: 'onbekende jeugdzorgregio (zie GET /api/regions).',
    en: 'unknown youth-care region (see GET /api/regions).',
  }),
  leadNotTeamCounsellor: (name = 'leadCounsellorId') => field(name, 'not_team_counsellor', {
    nl: 'dit moet een actieve procesbegeleider van het team van dit dossier zijn.',
    en: 'this must be an active counsellor of the team that runs this case.',
  }),
  transitionNotAllowed: (from: string, to: string, allowed: readonly string[]) => new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'status_transition_not_allowed', {
    nl: `status: van '${from}' naar '${to}' mag niet; wel naar: ${allowed.join(', ') || '—'}.`,
    en: `status: '${from}' cannot change to '${to}'; allowed: ${allowed.join(', ') || '—'}.`,
  }, { field: 'status', from, to, allowed }),
  unknownUser: (name = 'userId') => field(name, 'unknown_user', {
    nl: 'deze gebruiker bestaat niet (of is uitgeschakeld).',
    en: 'this user does not exist (or is disabled).',
  }),
  /**
   * By e-mail address: no (active) account that can take this role. One answer for "no account" and
   * "an account of another role" (administrators included), so the look-up reveals neither.
   */
  noSuitableAccount: () => field('email', 'unknown_user', {
    nl: 'er is geen (actief) account met dit e-mailadres dat deze rol kan krijgen.',
    en: 'there is no (active) account with this e-mail address that can take this role.',
  }),
  oneUserReference: (name: 'userId' | 'email') => field(name, 'one_of_user_id_or_email', {
    nl: 'geef precies één van userId of email.',
    en: 'give exactly one of userId or email.',
  }),
  userIsAdmin: (name = 'userId') => field(name, 'admin_cannot_take_part', {
    nl: 'een beheerder kan niet deelnemen aan een dossier.',
    en: 'an administrator cannot take part in a case.',
  }),
  alreadyParticipant: (name = 'userId') => CommonErrors.conflict('already_participant', {
    nl: `${name}: deze gebruiker neemt al deel aan dit dossier.`,
    en: `${name}: this user takes part in this case already.`,
  }, { field: name }),
  roleDoesNotFit: (caseRole: string, accountRole: string, allowed: readonly string[], name = 'role') => field(name, 'role_does_not_fit_account', {
    nl: `de rol '${caseRole}' past niet bij een account met rol '${accountRole}'; mogelijk: ${allowed.join(', ') || '—'}.`,
    en: `the case role '${caseRole}' does not fit an account with role '${accountRole}'; possible: ${allowed.join(', ') || '—'}.`,
  }),
  notInPartnerOrganisation: (name = 'userId') => field(name, 'not_in_partner_organisation', {
    nl: 'deze gebruiker hoort niet bij een ketenpartner-organisatie.',
    en: 'this user does not belong to a partner organisation.',
  }),
  teamMemberOfOtherTeam: (name = 'userId') => field(name, 'not_in_case_team', {
    nl: 'procesbegeleiders en coördinatoren moeten bij het team van dit dossier horen.',
    en: 'counsellors and coordinators must belong to the team that runs this case.',
  }),
  notParticipant: () => CommonErrors.notFound('participant'),
  cannotRemoveLead: () => CommonErrors.conflict('lead_counsellor', {
    nl: 'De hoofdbegeleider kan niet worden verwijderd; draag het dossier eerst over.',
    en: 'The lead counsellor cannot be removed; hand the case over first.',
  }),
  consentRequired: (scope: string) => new DomainError(HttpStatus.FORBIDDEN, 'consent_required', {
    nl: 'De ouder heeft (nog) geen toestemming gegeven om dit te delen.',
    en: 'The parent has not (yet) consented to share this.',
  }, { scope }),
  parentOnly: () => new DomainError(HttpStatus.FORBIDDEN, 'parent_only', {
    nl: 'Alleen een ouder in dit dossier kan dit doen.',
    en: 'Only a parent in this case can do this.',
  }),
  givenByParentRequired: () => field('givenByParentId', 'given_by_parent_required', {
    nl: 'noem de ouder die persoonlijk toestemming gaf.',
    en: 'name the parent who gave consent in person.',
  }),
  givenByParentNotParent: () => field('givenByParentId', 'not_a_parent_of_case', {
    nl: 'deze persoon is geen ouder in dit dossier.',
    en: 'this person is not a parent in this case.',
  }),
  givenByParentNotAllowed: () => field('givenByParentId', 'given_by_parent_not_allowed', {
    nl: 'alleen een procesbegeleider legt toestemming vast namens een ouder.',
    en: 'only a counsellor records consent on behalf of a parent.',
  }),
  oneGrantee: () => field('granteeUserId', 'one_grantee', {
    nl: 'geef precies één van granteeUserId of granteeOrganisationId.',
    en: 'give exactly one of granteeUserId or granteeOrganisationId.',
  }),
  unknownOrganisation: () => field('granteeOrganisationId', 'unknown_organisation', {
    nl: 'deze organisatie bestaat niet.', en: 'this organisation does not exist.',
  }),
  consentExpiryInPast: () => field('expiresAt', 'expiry_in_past', {
    nl: 'moet in de toekomst liggen.', en: 'must lie in the future.',
  }),
  parentVisibility: () => field('visibility', 'parent_updates_are_for_everyone', {
    nl: 'een ouder deelt berichten met iedereen in het dossier.',
    en: "a parent's updates are shared with everyone in the case.",
  }),
  storyVersionStale: (latest: number) => CommonErrors.conflict('story_version_stale', {
    nl: `version: er is inmiddels een nieuwere versie (${latest}).`,
    en: `version: there is a newer version by now (${latest}).`,
  }, { field: 'version', latest }),
  noStory: () => new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'no_story', {
    nl: 'Er is nog geen verhaal om te bevestigen.', en: 'There is no story to confirm yet.',
  }),
  sameCounsellor: () => CommonErrors.conflict('already_lead', {
    nl: 'toCounsellorId: deze procesbegeleider is al hoofdbegeleider.',
    en: 'toCounsellorId: this counsellor is the lead already.',
  }, { field: 'toCounsellorId' }),
  notLead: () => new DomainError(HttpStatus.FORBIDDEN, 'not_a_case_counsellor', {
    nl: 'Alleen een procesbegeleider van dit dossier kan om overdracht vragen.',
    en: 'Only a counsellor of this case can ask for a handover.',
  }),
  dateInFuture: (name: string) => field(name, 'date_in_future', {
    nl: 'mag niet in de toekomst liggen.', en: 'must not lie in the future.',
  }),
  impossibleBirthYear: () => field('birthYear', 'impossible_birth_year', {
    nl: 'dit geboortejaar kan niet.', en: 'this birth year is not possible.',
  }),
  placedBeforeBirth: () => field('placedSince', 'placed_before_birth', {
    nl: 'ligt vóór het geboortejaar.', en: 'lies before the birth year.',
  }),
  unknownGoal: () => field('goalId', 'unknown_goal', {
    nl: 'dit doel staat niet in het plan van dit dossier.', en: 'this goal is not in the plan of this case.',
  }),
  invalidCursor: () => field('before', 'invalid_cursor', {
    nl: 'onbekende cursor.', en: 'unknown cursor.',
  }),
};
