import { isAcceptableIssuer } from './oidc.service.js';

describe('isAcceptableIssuer', () => {
  it('accepts https issuers such as Entra ID and Keycloak give', () => {
    expect(isAcceptableIssuer('https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0')).toBe(true);
    expect(isAcceptableIssuer('https://sso.example.nl/realms/jeugdbescherming')).toBe(true);
  });

  it('accepts plain http only on this machine (development, tests)', () => {
    expect(isAcceptableIssuer('http://127.0.0.1:8080')).toBe(true);
    expect(isAcceptableIssuer('http://localhost:8080/realms/dev')).toBe(true);
    expect(isAcceptableIssuer('http://sso.example.nl/realms/x')).toBe(false);
    expect(isAcceptableIssuer('http://127.0.0.1.nip.io')).toBe(false);
  });

  it('refuses queries, fragments, credentials and other schemes', () => {
    expect(isAcceptableIssuer('https://sso.example.nl/realms/x?tenant=a')).toBe(false);
    expect(isAcceptableIssuer('https://sso.example.nl/realms/x#frag')).toBe(false);
    expect(isAcceptableIssuer('https://user:pass@sso.example.nl')).toBe(false);
    expect(isAcceptableIssuer('javascript:alert(1)')).toBe(false);
    expect(isAcceptableIssuer('not a url')).toBe(false);
  });
});
