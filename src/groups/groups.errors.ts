import { HttpStatus } from '@nestjs/common';
import { CommonErrors, DomainError } from '../common/domain-error.js';

/** What the peer groups answer when they refuse; Dutch first, plain and warm. */
export const GroupErrors = {
  groupNotFound: () => CommonErrors.notFound('group'),
  memberNotFound: () => CommonErrors.notFound('group_member'),
  messageNotFound: () => CommonErrors.notFound('group_message'),
  reportNotFound: () => CommonErrors.notFound('group_report'),
  pseudonymIsRealName: () =>
    new DomainError(HttpStatus.BAD_REQUEST, 'pseudonym_is_real_name', {
      nl: 'pseudonym: kies een andere naam dan uw echte naam. Zo blijft u in de groep onherkenbaar.',
      en: 'pseudonym: choose a name other than your real name, so that nobody in the group can tell who you are.',
    }, { field: 'pseudonym', fields: ['pseudonym'] }),
  pseudonymByMember: () =>
    new DomainError(HttpStatus.FORBIDDEN, 'pseudonym_by_member', {
      nl: 'pseudonym: alleen de ouder zelf (of de coördinator) kiest de naam in de groep. Gebruik de naam die hij of zij koos.',
      en: 'pseudonym: only the parent themselves (or the coordinator) chooses their name in the group. Use the name they chose.',
    }, { field: 'pseudonym', fields: ['pseudonym'] }),
  pseudonymTaken: () =>
    CommonErrors.conflict('pseudonym_taken', {
      nl: 'pseudonym: iemand in deze groep gebruikt deze naam al (of gebruikte hem eerder). Kies een andere naam.',
      en: 'pseudonym: someone in this group already uses this name (or used it before). Please choose another one.',
    }, { field: 'pseudonym', fields: ['pseudonym'] }),
  alreadyInGroup: () =>
    CommonErrors.conflict('already_in_group', {
      nl: 'U bent al lid van deze groep, of uw vraag om mee te doen wacht nog op een antwoord.',
      en: 'You are already a member of this group, or your request to join is still waiting for an answer.',
    }),
  removedFromGroup: () =>
    new DomainError(HttpStatus.FORBIDDEN, 'removed_from_group', {
      nl: 'Een gespreksleider heeft u uit deze groep gehaald. Wilt u weer meedoen? Neem dan contact op met het steunteam.',
      en: 'A moderator removed you from this group. Would you like to take part again? Please contact the support team.',
    }),
  groupClosed: () =>
    new DomainError(HttpStatus.FORBIDDEN, 'group_closed', {
      nl: 'Deze groep neemt op dit moment geen nieuwe leden aan.',
      en: 'This group does not take new members at the moment.',
    }),
  moderatorsOnly: () =>
    new DomainError(HttpStatus.FORBIDDEN, 'moderators_only', {
      nl: 'Alleen de gespreksleiders van deze groep kunnen dit doen.',
      en: 'Only the moderators of this group can do this.',
    }),
  appointByCoordinator: () =>
    new DomainError(HttpStatus.FORBIDDEN, 'moderator_appointed_by_coordinator', {
      nl: 'role: alleen een coördinator kan iemand gespreksleider maken.',
      en: 'role: only a coordinator can make someone a moderator.',
    }, { field: 'role', fields: ['role'] }),
  removeModeratorByCoordinator: () =>
    new DomainError(HttpStatus.FORBIDDEN, 'moderator_removed_by_coordinator', {
      nl: 'Alleen een coördinator kan een gespreksleider uit de groep halen.',
      en: 'Only a coordinator can remove a moderator from the group.',
    }),
  notEligible: (role: 'member' | 'moderator') =>
    new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'not_eligible', role === 'member' ? {
      nl: 'userId: alleen ouders kunnen lid zijn van een lotgenotengroep.',
      en: 'userId: only parents can be members of a peer group.',
    } : {
      nl: 'userId: gespreksleider kan een begeleider zijn, of een ouder die het team vertrouwt.',
      en: 'userId: a moderator is a counsellor, or a parent the team trusts.',
    }, { field: 'userId', fields: ['userId'] }),
  muted: (until: Date) =>
    new DomainError(HttpStatus.FORBIDDEN, 'muted', {
      nl: `Een gespreksleider heeft u tijdelijk stil gezet. U kunt weer schrijven vanaf ${until.toISOString()}. U kunt wel blijven lezen.`,
      en: `A moderator has muted you for a while. You can write again from ${until.toISOString()}. You can still read along.`,
    }, { until: until.toISOString() }),
  muteInPast: () =>
    CommonErrors.invalidField('until', {
      nl: 'kies een moment in de toekomst (hoogstens 90 dagen vooruit).',
      en: 'choose a moment in the future (at most 90 days ahead).',
    }),
  muteModerator: () =>
    CommonErrors.conflict('cannot_mute_moderator', {
      nl: 'Een gespreksleider kan niet stil gezet worden.',
      en: 'A moderator cannot be muted.',
    }),
  notActive: () =>
    CommonErrors.conflict('not_an_active_member', {
      nl: 'Deze persoon is op dit moment geen lid van de groep.',
      en: 'This person is not a member of the group at the moment.',
    }),
  alreadyHidden: () =>
    CommonErrors.conflict('already_hidden', {
      nl: 'Dit bericht is al verborgen.',
      en: 'This message is already hidden.',
    }),
  alreadyReported: () =>
    CommonErrors.conflict('already_reported', {
      nl: 'U heeft dit bericht al gemeld. De gespreksleiders kijken ernaar.',
      en: 'You already reported this message. The moderators will look at it.',
    }),
  alreadyResolved: () =>
    CommonErrors.conflict('already_resolved', {
      nl: 'Deze melding is al afgehandeld.',
      en: 'This report has already been handled.',
    }),
  invalidCursor: (field: 'after' | 'before') =>
    CommonErrors.invalidField(field, {
      nl: 'dit bericht bestaat niet in deze groep.',
      en: 'this message does not exist in this group.',
    }, 'invalid_cursor'),
  reportRateLimited: (retryAfterSeconds: number) =>
    new DomainError(HttpStatus.TOO_MANY_REQUESTS, 'rate_limited', {
      nl: `U heeft de laatste tijd veel meldingen gedaan. De gespreksleiders kijken ernaar. U kunt over ${Math.ceil(retryAfterSeconds / 60)} minuten weer iets melden.`,
      en: `You have made many reports recently. The moderators are looking at them. You can report again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`,
    }, { retryAfter: retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) }),
};
