import { DomainError } from '../common/domain-error.js';
import { assertAcceptablePassword } from './password-policy.js';

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as DomainError).code;
  }
}

describe('assertAcceptablePassword', () => {
  it('accepts a long, uncommon password', () => {
    expect(codeOf(() => assertAcceptablePassword('paars-fiets-onder-de-brug-7'))).toBeUndefined();
  });
  it('refuses fewer than 12 characters', () => {
    expect(codeOf(() => assertAcceptablePassword('kort-maar-1'))).toBe('password_too_short');
  });
  it('refuses common passwords of 12 characters or more, case-insensitively', () => {
    expect(codeOf(() => assertAcceptablePassword('qwerty123456'))).toBe('password_too_common');
    expect(codeOf(() => assertAcceptablePassword('1Q2W3E4R5T6Y'))).toBe('password_too_common');
  });
  it('refuses the email address as password and one repeated character', () => {
    expect(codeOf(() => assertAcceptablePassword('jan@example.org', 'password', 'Jan@example.org'))).toBe('password_too_common');
    expect(codeOf(() => assertAcceptablePassword('aaaaaaaaaaaaaaa'))).toBe('password_too_common');
  });
  it('names the field', () => {
    try {
      assertAcceptablePassword('short', 'newPassword');
    } catch (error) {
      expect((error as DomainError).extra.field).toBe('newPassword');
      expect((error as DomainError).text.en).toContain('newPassword');
    }
  });
});
