import { loadConfig } from '../config/app-config.js';

describe('retention periods in the configuration (issue 21)', () => {
  it('has documented defaults: 20 years for a closed file and the audit log, 2 years for messages, 90 days out of scope, 7 days for a copy, sessions at once', () => {
    const config = loadConfig({});
    expect({
      closed: config.RETENTION_CLOSED_CASE_DAYS, messages: config.RETENTION_MESSAGE_DAYS, outOfScope: config.RETENTION_OUT_OF_SCOPE_REGISTRATION_DAYS,
      audit: config.RETENTION_AUDIT_DAYS, exports: config.RETENTION_EXPORT_DAYS, sessions: config.RETENTION_SESSION_DAYS,
    }).toEqual({ closed: 7300, messages: 730, outOfScope: 90, audit: 7300, exports: 7, sessions: 0 });
  });

  it('reads them as whole days and refuses nonsense at boot, naming the variable', () => {
    expect(loadConfig({ RETENTION_MESSAGE_DAYS: '0', RETENTION_EXPORT_DAYS: '3' })).toMatchObject({ RETENTION_MESSAGE_DAYS: 0, RETENTION_EXPORT_DAYS: 3 });
    expect(() => loadConfig({ RETENTION_EXPORT_DAYS: '0' })).toThrow(/RETENTION_EXPORT_DAYS/);
    expect(() => loadConfig({ RETENTION_CLOSED_CASE_DAYS: '-1' })).toThrow(/RETENTION_CLOSED_CASE_DAYS/);
    expect(() => loadConfig({ RETENTION_SESSION_DAYS: 'soon' })).toThrow(/RETENTION_SESSION_DAYS/);
  });
});
