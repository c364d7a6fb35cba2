import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config/app-config.js';
import { GENERATED_PASSPHRASE_FILE, KeyEncryptionPassphrase, readOrCreatePassphraseFile } from './key-encryption-passphrase.js';

describe('key-encryption passphrase', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ev-kek-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('uses ORG_KEY_PASSPHRASE when set, and writes no file', async () => {
    const provider = new KeyEncryptionPassphrase(loadConfig({ ORG_KEY_PASSPHRASE: 'a-configured-passphrase-of-some-length', DATA_DIR: dir }));
    await expect(provider.get()).resolves.toBe('a-configured-passphrase-of-some-length');
    await expect(stat(path.join(dir, GENERATED_PASSPHRASE_FILE))).rejects.toThrow();
  });

  it('otherwise generates one under DATA_DIR, readable by its owner only, and keeps it', async () => {
    const provider = new KeyEncryptionPassphrase(loadConfig({ DATA_DIR: dir }));
    const first = await provider.get();
    expect(first.length).toBeGreaterThanOrEqual(40);
    const file = path.join(dir, GENERATED_PASSPHRASE_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).toBe(first);
    // A restart (a new provider) reads the same passphrase back.
    await expect(new KeyEncryptionPassphrase(loadConfig({ DATA_DIR: dir })).get()).resolves.toBe(first);
  });

  it('gives every concurrent creator the same passphrase', async () => {
    const file = path.join(dir, 'race', 'passphrase');
    const all = await Promise.all(Array.from({ length: 8 }, () => readOrCreatePassphraseFile(file)));
    expect(new Set(all).size).toBe(1);
  });

  it('refuses a file that holds no usable passphrase', async () => {
    const file = path.join(dir, 'short');
    await writeFile(file, 'short\n');
    await expect(readOrCreatePassphraseFile(file)).rejects.toThrow(/no usable passphrase/);
  });

  it('validates the configuration', () => {
    expect(() => loadConfig({ ORG_KEY_PASSPHRASE: 'too-short' })).toThrow(/ORG_KEY_PASSPHRASE/);
    expect(() => loadConfig({ ORG_KEY_EMAIL_DOMAIN: 'not a domain' })).toThrow(/ORG_KEY_EMAIL_DOMAIN/);
    expect(() => loadConfig({ VERIFY_MAX_PER_ADDRESS: '0' })).toThrow(/VERIFY_MAX_PER_ADDRESS/);
    const config = loadConfig({ ORG_KEY_EMAIL_DOMAIN: 'Eenverhaal.example' });
    expect(config.ORG_KEY_EMAIL_DOMAIN).toBe('Eenverhaal.example');
    expect(loadConfig({}).VERIFY_MAX_PER_ADDRESS).toBe(30);
  });
});
