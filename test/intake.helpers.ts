import { RegistrationFormTokens } from '../src/intake/registration-form-token.js';
import type { TestApp } from './helpers/test-app.js';

/**
 * A genuine form token for a public registration, issued `ageSeconds` ago by the app itself (as if
 * the form had been open that long), so tests need not wait INTAKE_MIN_FILL_SECONDS. Single use.
 */
export function formToken(t: TestApp, ageSeconds = 60): string {
  return t.app.get(RegistrationFormTokens).issue(new Date(Date.now() - ageSeconds * 1000)).formToken;
}
