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
  emailDomainNotVerified: () => new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'email_domain_not_verified', {
    nl: 'email: dit adres hoort niet bij een geverifieerd maildomein van deze organisatie. Vraag de coördinator van die organisatie om de uitnodiging.',
    en: 'email: this address is not in one of this organisation’s verified mail domains. Ask that organisation’s coordinator to invite this person.',
  }, { field: 'email' }),
  organisationHasCoordinator: () => CommonErrors.conflict('organisation_has_coordinator', {
    nl: 'Deze organisatie heeft al een coördinator. Die nodigt collega’s zelf uit; een beheerder kan dat niet.',
    en: 'This organisation already has a coordinator, who invites colleagues; an administrator cannot.',
  }, { field: 'organisationId' }),
  caseRoleNotAllowed: () => CommonErrors.invalidField('caseRole', {
    nl: 'collega’s van het team komen niet met een uitnodiging in een dossier; voeg ze toe als deelnemer.',
    en: 'team colleagues do not join a case by invitation; add them as participants.',
  }, 'case_role_not_allowed'),
  /** Issue 20: `childId` only with an invitation into a case as `child`. */
  childIdNeedsChildRole: () => CommonErrors.invalidField('childId', {
    nl: 'een kind (childId) kan alleen bij een uitnodiging in een dossier met caseRole "child".',
    en: 'a child record (childId) goes only with an invitation into a case with caseRole "child".',
  }, 'child_id_needs_child_role'),
  caseRoleWithoutCase: () => CommonErrors.invalidField('caseId', {
    nl: 'geef het dossier (caseId) bij een rol in een dossier (caseRole).',
    en: 'give the case (caseId) together with a case role (caseRole).',
  }),
  invitationForAnotherAccount: () => new DomainError(HttpStatus.FORBIDDEN, 'invitation_other_account', {
    nl: 'Deze uitnodiging is voor een ander e-mailadres. Log in met het account waarnaar de uitnodiging is gestuurd.',
    en: 'This invitation is for another e-mail address. Log in with the account it was sent to.',
  }),
  invitationNotForExistingAccount: () => CommonErrors.conflict('email_taken', {
    nl: 'U heeft al een account met dit e-mailadres. Log in met uw wachtwoord.',
    en: 'You already have an account with this e-mail address. Log in with your password.',
  }),
  invitationRoleMismatch: () => new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'invitation_role_mismatch', {
    nl: 'Uw account past niet bij de rol in deze uitnodiging. Vraag degene die u uitnodigde om een nieuwe uitnodiging.',
    en: 'Your account does not fit the role in this invitation. Ask the person who invited you for a new invitation.',
  }),
  mailDomainTaken: (domain: string) => CommonErrors.conflict('mail_domain_taken', {
    nl: `mailDomains: het domein ${domain} hoort al bij een andere organisatie.`,
    en: `mailDomains: the domain ${domain} belongs to another organisation already.`,
  }, { field: 'mailDomains' }),
  cannotDisableSelf: () => new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'cannot_disable_self', {
    nl: 'U kunt uw eigen account niet blokkeren. Vraag een andere beheerder of coördinator om dat te doen.',
    en: 'You cannot block your own account. Ask another administrator or coordinator to do it.',
  }),
  specialismRequired: () => CommonErrors.invalidField('specialism', {
    nl: 'kies het vakgebied van deze deskundige.',
    en: 'choose this expert’s specialism.',
  }, 'specialism_required'),
  specialismNotForRole: () => CommonErrors.invalidField('specialism', {
    nl: 'alleen een deskundige van de expertpool heeft een vakgebied.',
    en: 'only an expert of the expert pool has a specialism.',
  }, 'specialism_not_allowed'),
  reasonMissing: () => CommonErrors.invalidField('reason', {
    nl: 'schrijf kort op waarom u dit account blokkeert.',
    en: 'write briefly why you are blocking this account.',
  }),
};
