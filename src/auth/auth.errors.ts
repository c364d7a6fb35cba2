import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';

export const AuthErrors = {
  invalidCredentials: () => new DomainError(HttpStatus.UNAUTHORIZED, 'invalid_credentials', {
    nl: 'Het e-mailadres of het wachtwoord klopt niet.',
    en: 'The email address or the password is not correct.',
  }),
  totpRequired: () => new DomainError(HttpStatus.UNAUTHORIZED, 'totp_required', {
    nl: 'Vul ook de code uit uw authenticator-app in.',
    en: 'Also enter the code from your authenticator app.',
  }, { field: 'totp' }),
  totpInvalid: () => new DomainError(HttpStatus.UNAUTHORIZED, 'totp_invalid', {
    nl: 'De code klopt niet of is al gebruikt. Wacht op een nieuwe code.',
    en: 'The code is not correct or was used already. Wait for a new code.',
  }, { field: 'totp' }),
  /** A wrong code while enrolling: the session is fine, the input is not (400, not 401). */
  totpCodeWrong: () => new DomainError(HttpStatus.BAD_REQUEST, 'totp_invalid', {
    nl: 'code: de code klopt niet. Controleer de tijd op uw telefoon en probeer de nieuwe code.',
    en: 'code: the code is not correct. Check the time on your phone and try the new code.',
  }, { field: 'code' }),
  totpSetupRequired: () => new DomainError(HttpStatus.FORBIDDEN, 'totp_setup_required', {
    nl: 'Stel eerst de tweestapsverificatie in.',
    en: 'Set up two-step verification first.',
  }),
  secondFactorRequired: () => new DomainError(HttpStatus.FORBIDDEN, 'second_factor_required', {
    nl: 'Vul eerst de code uit uw authenticator-app in.',
    en: 'Enter the code from your authenticator app first.',
  }),
  secondFactorPassed: () => new DomainError(HttpStatus.CONFLICT, 'second_factor_passed', {
    nl: 'Deze sessie heeft de tweede stap al gehad.',
    en: 'This session has passed the second step already.',
  }),
  totpAlreadyEnabled: () => new DomainError(HttpStatus.CONFLICT, 'totp_already_enabled', {
    nl: 'Tweestapsverificatie staat al aan.',
    en: 'Two-step verification is already on.',
  }),
  totpNotStarted: () => new DomainError(HttpStatus.CONFLICT, 'totp_setup_not_started', {
    nl: 'Begin eerst met het instellen van tweestapsverificatie.',
    en: 'Start setting up two-step verification first.',
  }),
  wrongCurrentPassword: () => new DomainError(HttpStatus.BAD_REQUEST, 'current_password_wrong', {
    nl: 'currentPassword: uw huidige wachtwoord klopt niet.',
    en: 'currentPassword: your current password is not correct.',
  }, { field: 'currentPassword' }),
};
