import { ConfigError, loadConfig } from '../config/app-config.js';

describe('intake configuration', () => {
  it('has the source report’s targets and capacity as defaults', () => {
    const config = loadConfig({});
    expect(config.INTAKE_CONTACT_DAYS).toBe(2);
    expect(config.INTAKE_WELCOME_DAYS).toBe(7);
    expect(config.INTAKE_DEFAULT_TEAM_CAPACITY).toBe(120);
    expect(config.INTAKE_MAX_PER_ADDRESS).toBe(10);
    expect(config.INTAKE_MIN_FILL_SECONDS).toBe(3);
    expect(config.INTAKE_DEFAULT_TEAM_ID).toBeUndefined();
  });

  it('reads overrides and names bad values', () => {
    const config = loadConfig({ INTAKE_CONTACT_DAYS: '3', INTAKE_WELCOME_DAYS: '10', INTAKE_DEFAULT_TEAM_ID: '2b0c3f8e-8f0e-4f55-9d87-3c1b7c1c9b11' });
    expect(config.INTAKE_CONTACT_DAYS).toBe(3);
    expect(config.INTAKE_WELCOME_DAYS).toBe(10);
    expect(() => loadConfig({ INTAKE_CONTACT_DAYS: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ INTAKE_DEFAULT_TEAM_ID: 'team-a' })).toThrow(/INTAKE_DEFAULT_TEAM_ID/);
  });
});
