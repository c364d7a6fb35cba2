import { HttpStatus } from '@nestjs/common';
import { CommonErrors, DomainError } from '../common/domain-error.js';
import type { RegistrationStatus } from './intake-vocabulary.js';

/** Intake's user-facing errors: Dutch first, plain language; each names the field it is about. */
export const IntakeErrors = {
  receivedAtInFuture: () => CommonErrors.invalidField('receivedAt', {
    nl: 'de datum van ontvangst mag niet in de toekomst liggen.',
    en: 'the date of receipt cannot be in the future.',
  }, 'received_at_in_future'),
  receivedAtNotAllowed: () => CommonErrors.invalidField('receivedAt', {
    nl: 'alleen een coördinator van het team kan een datum van ontvangst invullen.',
    en: 'only a coordinator of the team can fill in a date of receipt.',
  }, 'received_at_not_allowed'),
  channelNotAllowed: () => CommonErrors.invalidField('channel', {
    nl: 'alleen een coördinator van het team kan invullen hoe de aanmelding binnenkwam.',
    en: 'only a coordinator of the team can fill in how the registration came in.',
  }, 'channel_not_allowed'),
  dateBeforeReceipt: (field: string) => CommonErrors.invalidField(field, {
    nl: 'deze datum mag niet vóór de ontvangst van de aanmelding liggen.',
    en: 'this date cannot lie before the registration was received.',
  }, 'date_before_receipt'),
  dateInFuture: (field: string) => CommonErrors.invalidField(field, {
    nl: 'deze datum mag niet in de toekomst liggen.',
    en: 'this date cannot be in the future.',
  }, 'date_in_future'),
  transitionNotAllowed: (from: RegistrationStatus, to: RegistrationStatus, allowed: readonly RegistrationStatus[]) =>
    new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'transition_not_allowed', {
      nl: `status: van '${from}' naar '${to}' kan niet. Mogelijk: ${allowed.join(', ') || 'geen'}.`,
      en: `status: '${from}' cannot change to '${to}'. Possible: ${allowed.join(', ') || 'none'}.`,
    }, { field: 'status', from, to, allowed }),
  statusChangedAtWithoutChange: () => CommonErrors.invalidField('statusChangedAt', {
    nl: 'geef dit alleen samen met een nieuwe status.',
    en: 'give this only together with a new status.',
  }, 'status_changed_at_without_change'),
  statusChangedBeforePrevious: (previous: Date) => CommonErrors.invalidField('statusChangedAt', {
    nl: `deze datum mag niet vóór de vorige statuswijziging liggen (${previous.toISOString()}).`,
    en: `this date cannot lie before the previous status change (${previous.toISOString()}).`,
  }, 'status_changed_before_previous'),
  outOfScopeReasonRequired: () => CommonErrors.invalidField('outOfScopeReason', {
    nl: 'geef een reden waarom deze aanmelding buiten de doelgroep valt.',
    en: 'give a reason why this registration is out of scope.',
  }, 'out_of_scope_reason_required'),
  notACounsellor: (field = 'assignedCounsellorId') => CommonErrors.invalidField(field, {
    nl: 'dit is geen procesbegeleider van uw team.',
    en: 'this is not a counsellor of your team.',
  }, 'not_a_counsellor'),
  alreadyConverted: (caseId: string) => CommonErrors.conflict('already_converted', {
    nl: 'Van deze aanmelding is al een dossier gemaakt.',
    en: 'This registration has already been turned into a case.',
  }, { caseId }),
  notConvertible: (status: RegistrationStatus) => new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'not_convertible', {
    nl: `status: een aanmelding met status '${status}' kan (nog) geen dossier worden. Neem eerst contact op.`,
    en: `status: a registration with status '${status}' cannot become a case (yet). Make contact first.`,
  }, { field: 'status', status }),
  noSupportTeam: () => new DomainError(HttpStatus.SERVICE_UNAVAILABLE, 'intake_unavailable', {
    nl: 'Aanmelden kan op dit moment niet. Probeer het later opnieuw of bel ons.',
    en: 'Registering is not possible right now. Try again later or call us.',
  }),
  notInATeam: () => new DomainError(HttpStatus.FORBIDDEN, 'not_in_a_team', {
    nl: 'U hoort niet bij een ondersteuningsteam.',
    en: 'You do not belong to a support team.',
  }),
  teamRequired: () => CommonErrors.invalidField('teamId', {
    nl: 'kies het ondersteuningsteam.',
    en: 'choose the support team.',
  }, 'team_required'),
};
