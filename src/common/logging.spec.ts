import { isoTimestamps, redactUrl } from './logging.js';

describe('redactUrl', () => {
  it('removes invitation tokens, verification codes and query strings', () => {
    expect(redactUrl('/api/invitations/abc123/accept')).toBe('/api/invitations/[redacted]/accept');
    expect(redactUrl('/api/verify/K7QX-P2M9')).toBe('/api/verify/[redacted]');
    expect(redactUrl('/api/threads/1/messages?after=x&token=y')).toBe('/api/threads/1/messages');
  });
  it('redacts whatever the letter case or percent-encoding of the path', () => {
    expect(redactUrl('/api/Invitations/abc123/accept')).toBe('/api/Invitations/[redacted]/accept');
    expect(redactUrl('/API/INVITATIONS/abc123/ACCEPT')).toBe('/API/INVITATIONS/[redacted]/ACCEPT');
    expect(redactUrl('/Invitation/abc123')).toBe('/Invitation/[redacted]');
    expect(redactUrl('/api/Verify/K7QX-P2M9')).toBe('/api/Verify/[redacted]');
    expect(redactUrl('/api/%56erify/K7QX-P2M9')).toBe('/api/%56erify/[redacted]');
    expect(redactUrl('/api/invitations//abc123/accept')).toBe('/api/invitations//[redacted]/accept');
    expect(redactUrl('/api/verify/%E0%A4%A')).toBe('/api/verify/[redacted]');
  });
  it('keeps ordinary paths', () => {
    expect(redactUrl('/api/me')).toBe('/api/me');
  });
});

describe('isoTimestamps', () => {
  it('writes what pino\'s isoTime writes, across seconds, days and years', () => {
    let now = 0;
    const time = isoTimestamps(() => now);
    for (const at of [Date.UTC(2026, 11, 6, 6, 8, 12, 345), Date.UTC(2026, 11, 6, 6, 8, 12, 999), Date.UTC(2026, 11, 6, 6, 8, 13, 0), Date.UTC(2026, 11, 31, 23, 59, 59, 7), Date.UTC(2027, 0, 1, 0, 0, 0, 40), 0]) {
      now = at;
      expect(time()).toBe(`,"time":"${new Date(at).toISOString()}"`);
    }
  });
});
