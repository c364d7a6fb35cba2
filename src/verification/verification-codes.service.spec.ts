import { type CheckRow, judgeCheck } from './verification-codes.service.js';

const live: CheckRow = {
  found: true,
  code_expired: false,
  credential_id: 'c1',
  credential_organisation_id: 'team',
  credential_valid_until: new Date(Date.now() + 86400_000),
  credential_expired: false,
  revocation_reason: null,
  counsellor_id: 'u1',
  display_name: 'Bas',
  user_role: 'counsellor',
  user_organisation_id: 'team',
  user_disabled: false,
  organisation_name: 'Team',
};
const missing: CheckRow = Object.fromEntries(Object.keys(live).map((k) => [k, null])) as unknown as CheckRow;

describe('judgeCheck: the answer to one looked-up code', () => {
  it('is valid only while code, credential and account all are', () => {
    expect(judgeCheck(live)).toBe('valid');
  });
  it('is unknown for a code that was never given (or was swept)', () => {
    expect(judgeCheck({ ...missing, found: false })).toBe('unknown');
  });
  it('is expired for an expired code or credential', () => {
    expect(judgeCheck({ ...live, code_expired: true })).toBe('expired');
    expect(judgeCheck({ ...live, credential_expired: true })).toBe('expired');
  });
  it('is revoked when the credential was revoked, even for an expired code: that is what a partner must learn', () => {
    expect(judgeCheck({ ...live, revocation_reason: 'revoked' })).toBe('revoked');
    expect(judgeCheck({ ...live, revocation_reason: 'revoked', code_expired: true, credential_expired: true })).toBe('revoked');
  });
  it('is revoked when the counsellor was disabled, changed role or left the team', () => {
    expect(judgeCheck({ ...live, user_disabled: true })).toBe('revoked');
    expect(judgeCheck({ ...live, user_role: 'coordinator' })).toBe('revoked');
    expect(judgeCheck({ ...live, user_organisation_id: 'elsewhere' })).toBe('revoked');
  });
  it('is revoked when the organisation key that signed the credential was revoked as compromised', () => {
    expect(judgeCheck({ ...live, revocation_reason: 'key_compromised' })).toBe('revoked');
    expect(judgeCheck({ ...live, revocation_reason: 'key_compromised', code_expired: true })).toBe('revoked');
  });
  it('treats an expired code of a superseded credential as expired', () => {
    expect(judgeCheck({ ...live, revocation_reason: 'superseded', code_expired: true })).toBe('expired');
  });
});
