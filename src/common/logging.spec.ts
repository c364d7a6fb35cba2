import { redactUrl } from './logging.js';

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
