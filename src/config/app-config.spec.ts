import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATA_DIR).toBe('./.data');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.DEMO).toBe(false);
    expect(config.cookieSecure).toBe(false);
  });

  it('parses numbers and booleans from strings', () => {
    const config = loadConfig({ PORT: '8080', DEMO: '1', PUBLIC_URL: 'https://eenverhaal.example' });
    expect(config.PORT).toBe(8080);
    expect(config.DEMO).toBe(true);
    expect(config.cookieSecure).toBe(true);
  });

  it('names every malformed variable in one message', () => {
    expect(() => loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', ADMIN_EMAIL: 'nope' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', ADMIN_EMAIL: 'nope' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('DATABASE_URL');
      expect(message).toContain('ADMIN_EMAIL');
      expect(message.split('\n')).toHaveLength(1);
    }
  });

  it('refuses a short admin password', () => {
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@example.org', ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD/);
  });
});

describe('loadConfig optional variables', () => {
  it('reads optional variables that have no default', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@h/db', ADMIN_EMAIL: 'a@example.org', ADMIN_PASSWORD: 'twaalf-tekens-min', REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(config.DATABASE_URL).toBe('postgres://u@h/db');
    expect(config.ADMIN_EMAIL).toBe('a@example.org');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
  });
});

describe('loadConfig error message', () => {
  it('gives one reason per malformed variable and never echoes its value', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/^Invalid configuration: PORT must be an integer number$/);
    expect(() => loadConfig({ DEMO: 'maybe', ADMIN_PASSWORD: 'geheim' })).toThrow(/DEMO must be a boolean value/);
    expect(() => loadConfig({ DEMO: 'maybe', ADMIN_PASSWORD: 'geheim' })).toThrow(/^Invalid configuration: (?!.*geheim).*ADMIN_PASSWORD must be at least 12 characters/);
  });
});

describe('loadConfig S3 attachment store', () => {
  it('reads the S3 settings as docker-compose passes them', () => {
    const config = loadConfig({
      S3_BUCKET: 'eenverhaal-attachments', S3_ENDPOINT: 'http://minio:9000', S3_REGION: 'eu-west-1', S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'eenverhaal', S3_SECRET_ACCESS_KEY: 'minio-geheim',
    });
    expect(config).toMatchObject({ S3_BUCKET: 'eenverhaal-attachments', S3_ENDPOINT: 'http://minio:9000', S3_FORCE_PATH_STYLE: true });
    expect(loadConfig({}).S3_BUCKET).toBeUndefined();
  });

  it('refuses S3 settings without a bucket, half a key pair, or a malformed bucket or endpoint, without echoing secrets', () => {
    expect(() => loadConfig({ S3_ENDPOINT: 'http://minio:9000' })).toThrow(/S3_BUCKET must be set when S3_ENDPOINT/);
    expect(() => loadConfig({ S3_BUCKET: 'eenverhaal-attachments', S3_ACCESS_KEY_ID: 'eenverhaal' })).toThrow(/S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together/);
    expect(() => loadConfig({ S3_BUCKET: 'Hoofdletters_Mogen_Niet' })).toThrow(/S3_BUCKET must be a bucket name/);
    expect(() => loadConfig({ S3_BUCKET: 'eenverhaal-attachments', S3_ENDPOINT: 'minio:9000' })).toThrow(/S3_ENDPOINT must be an http/);
    expect(() => loadConfig({ S3_SECRET_ACCESS_KEY: 'minio-geheim' })).toThrow(/^(?!.*minio-geheim)/);
  });
});
