import { dictionary } from '@zxcvbn-ts/language-common';
import { CommonErrors } from '../common/domain-error.js';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

// ~49,000 passwords seen most often in breaches, shipped with zxcvbn-ts.
const COMMON = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));

/** Throws a 400 naming `field` when the password is too short, too long or too common. */
export function assertAcceptablePassword(password: string, field = 'password', email?: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw CommonErrors.invalidField(field, {
      nl: `kies een wachtwoord van minstens ${MIN_PASSWORD_LENGTH} tekens.`,
      en: `choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`,
    }, 'password_too_short');
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw CommonErrors.invalidField(field, { nl: 'dit wachtwoord is te lang.', en: 'this password is too long.' }, 'password_too_long');
  }
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || (email && lower === email.toLowerCase()) || /^(.)\1+$/.test(password)) {
    throw CommonErrors.invalidField(field, {
      nl: 'dit wachtwoord wordt veel gebruikt en is makkelijk te raden. Kies een ander.',
      en: 'this password is common and easy to guess. Choose another one.',
    }, 'password_too_common');
  }
}
