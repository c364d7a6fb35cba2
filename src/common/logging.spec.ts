import { redactUrl } from './logging.js';

describe('redactUrl', () => {
  it('removes invitation tokens, verification codes and query strings', () => {
    expect(redactUrl('/api/invitations/abc123/accept')).toBe('/api/invitations/[redacted]/accept');
    expect(redactUrl('/api/verify/K7QX-P2M9')).toBe('/api/verify/[redacted]');
    expect(redactUrl('/api/threads/1/messages?after=x&token=y')).toBe('/api/threads/1/messages');
  });
  it('keeps ordinary paths', () => {
    expect(redactUrl('/api/me')).toBe('/api/me');
  });
});
