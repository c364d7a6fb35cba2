import { currentTotp, matchTotpStep, newTotpSecret, otpauthUrl } from './totp.js';

describe('TOTP (RFC 6238)', () => {
  const secret = newTotpSecret();

  it('accepts the current code and reports its time step', () => {
    const now = Date.UTC(2026, 10, 23, 12, 0, 10);
    expect(matchTotpStep(secret, currentTotp(secret, now), now)).toBe(Math.floor(now / 30000));
  });

  it('accepts one step of clock drift but not two', () => {
    const now = Date.UTC(2026, 10, 23, 12, 0, 10);
    expect(matchTotpStep(secret, currentTotp(secret, now - 30_000), now)).toBe(Math.floor(now / 30000) - 1);
    expect(matchTotpStep(secret, currentTotp(secret, now - 90_000), now)).toBeNull();
  });

  it('refuses malformed codes', () => {
    expect(matchTotpStep(secret, '12345')).toBeNull();
    expect(matchTotpStep(secret, 'abcdef')).toBeNull();
  });

  it('matches the RFC 6238 SHA-1 test vector', () => {
    // RFC 6238 appendix B: secret "12345678901234567890", T = 59 s → 94287082 (8 digits); 6 digits → 287082.
    const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(currentTotp(rfcSecret, 59_000)).toBe('287082');
  });

  it('builds an otpauth URL with the issuer', () => {
    expect(otpauthUrl(secret, 'a@example.org')).toMatch(/^otpauth:\/\/totp\/Eenverhaal:a%40example\.org\?.*secret=/);
  });
});
