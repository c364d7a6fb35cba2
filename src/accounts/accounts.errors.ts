import { HttpStatus } from '@nestjs/common';
import { CommonErrors, DomainError } from '../common/domain-error.js';

export const AccountErrors = {
  emailTaken: () => CommonErrors.conflict('email_taken', {
    nl: 'email: er is al een account met dit e-mailadres.',
    en: 'email: an account with this email address exists already.',
  }, { field: 'email' }),
  unknownOrganisation: () => CommonErrors.invalidField('organisationId', {
    nl: 'deze organisatie bestaat niet.', en: 'this organisation does not exist.',
  }, 'unknown_organisation'),
  organisationNotAllowed: (why: { nl: string; en: string }) => CommonErrors.invalidField('organisationId', why, 'organisation_not_allowed'),
  roleNotAllowed: () => new DomainError(HttpStatus.FORBIDDEN, 'role_not_allowed', {
    nl: 'role: u mag geen account met deze rol uitnodigen.',
    en: 'role: you may not invite an account with this role.',
  }, { field: 'role' }),
  invitationUnknown: () => new DomainError(HttpStatus.NOT_FOUND, 'invitation_unknown', {
    nl: 'Deze uitnodiging bestaat niet. Controleer de link of vraag een nieuwe uitnodiging.',
    en: 'This invitation does not exist. Check the link or ask for a new invitation.',
  }),
  invitationUsed: () => new DomainError(HttpStatus.CONFLICT, 'invitation_used', {
    nl: 'Deze uitnodiging is al gebruikt. U kunt inloggen met uw wachtwoord.',
    en: 'This invitation was used already. You can log in with your password.',
  }),
  invitationExpired: () => new DomainError(HttpStatus.GONE, 'invitation_expired', {
    nl: 'Deze uitnodiging is verlopen. Vraag een nieuwe uitnodiging.',
    en: 'This invitation has expired. Ask for a new invitation.',
  }),
};
