import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../../common/domain-error.js';

export const OidcErrors = {
  notConfigured: () => new DomainError(HttpStatus.NOT_FOUND, 'identity_provider_not_configured', {
    nl: 'Voor deze organisatie is geen inlogdienst (OpenID Connect) ingesteld.',
    en: 'No identity provider (OpenID Connect) is configured for this organisation.',
  }),
  noProviderForDomain: () => new DomainError(HttpStatus.NOT_FOUND, 'no_identity_provider', {
    nl: 'Voor dit e-mailadres is er geen inlogdienst van een organisatie: log in met uw wachtwoord.',
    en: 'There is no organisation identity provider for this address: log in with your password.',
  }),
  clientSecretRequired: () => new DomainError(HttpStatus.BAD_REQUEST, 'invalid_field', {
    nl: 'clientSecret: vul het client secret in dat de inlogdienst gaf.',
    en: 'clientSecret: enter the client secret the identity provider issued.',
  }, { field: 'clientSecret' }),
  insecureIssuer: () => new DomainError(HttpStatus.BAD_REQUEST, 'invalid_field', {
    nl: 'issuer: gebruik een https-adres zonder vraagteken of #, zoals https://login.microsoftonline.com/<tenant>/v2.0.',
    en: 'issuer: use an https address without a query or fragment, such as https://login.microsoftonline.com/<tenant>/v2.0.',
  }, { field: 'issuer' }),
};

/**
 * Why a login through a provider did not end in a session. The browser lands on the login page with
 * `?oidc_error=<code>` and the page says it in Dutch or English (src/web/i18n).
 */
export type OidcFailure =
  | 'oidc_state_invalid' // unknown, used or expired state, or started in another browser
  | 'oidc_failed' // the provider refused the code, or the ID token did not check out
  | 'oidc_no_account' // no account with this verified address in this organisation
  | 'oidc_provider_unavailable' // the provider could not be reached
  | 'oidc_denied'; // the provider answered with an error (the user cancelled, consent refused)
