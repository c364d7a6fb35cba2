import { HttpStatus } from '@nestjs/common';
import { CommonErrors, DomainError } from '../common/domain-error.js';

/** Every refusal of the verification module, each with its own code a client can branch on. */
export const VerificationErrors = {
  noOrganisationKey: () => new DomainError(HttpStatus.NOT_FOUND, 'no_organisation_key', {
    nl: 'Deze organisatie heeft geen sleutel: alleen ondersteuningsteams ondertekenen verklaringen.',
    en: 'This organisation has no key: only support teams sign statements.',
  }),
  organisationKeyUnavailable: () => new DomainError(HttpStatus.SERVICE_UNAVAILABLE, 'organisation_key_unavailable', {
    nl: 'De sleutel van het team kan nu niet worden gebruikt. Meld dit aan de beheerder.',
    en: 'The team key cannot be used right now. Please tell the administrator.',
  }),
  noKeyToRevoke: () => CommonErrors.conflict('no_organisation_key_to_revoke', {
    nl: 'Het team heeft nog geen sleutel, dus er is niets in te trekken.',
    en: 'The team has no key yet, so there is nothing to revoke.',
  }),
  notACounsellor: () => new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'not_a_counsellor', {
    nl: 'Alleen een procesbegeleider kan een verklaring krijgen.',
    en: 'Only a counsellor can be given a credential.',
  }),
  ownCredential: () => new DomainError(HttpStatus.FORBIDDEN, 'own_credential', {
    nl: 'U kunt uzelf geen verklaring geven: een collega controleert uw identiteit.',
    en: 'You cannot issue your own credential: a colleague checks your identity.',
  }),
  accountDisabled: () => new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'account_disabled', {
    nl: 'Dit account is uitgeschakeld en kan geen verklaring krijgen.',
    en: 'This account is disabled and cannot be given a credential.',
  }),
  validUntilInPast: () => CommonErrors.invalidField('validUntil', {
    nl: 'kies een datum in de toekomst.',
    en: 'choose a date in the future.',
  }, 'valid_until_in_past'),
  validUntilTooFar: (maxDays: number) => CommonErrors.invalidField('validUntil', {
    nl: `een verklaring is hoogstens ${maxDays} dagen geldig.`,
    en: `a credential is valid for at most ${maxDays} days.`,
  }, 'valid_until_too_far'),
  noCredential: () => new DomainError(HttpStatus.NOT_FOUND, 'no_credential', {
    nl: 'Deze procesbegeleider heeft (nog) geen verklaring.',
    en: 'This counsellor has no credential (yet).',
  }),
  credentialAlreadyRevoked: () => CommonErrors.conflict('credential_already_revoked', {
    nl: 'Deze verklaring is al ingetrokken.',
    en: 'This credential was revoked already.',
  }),
  noValidCredential: () => new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'no_valid_credential', {
    nl: 'U heeft geen geldige verklaring. Vraag een coördinator om uw identiteit te controleren.',
    en: 'You have no valid credential. Ask a coordinator to check your identity.',
  }),
  malformedCode: () => new DomainError(HttpStatus.BAD_REQUEST, 'malformed_code', {
    nl: 'Dit is geen verificatiecode. Een code heeft 10 tekens, bijvoorbeeld 7KQ2M-XD9PA.',
    en: 'This is not a verification code. A code has 10 characters, for example 7KQ2M-XD9PA.',
  }, { field: 'code' }),
  invalidCursor: (field: 'before' | 'after') => CommonErrors.invalidField(field, {
    nl: 'deze cursor hoort niet bij deze lijst.',
    en: 'this cursor does not belong to this list.',
  }, 'invalid_cursor'),
};
