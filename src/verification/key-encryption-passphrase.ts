import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';

export const GENERATED_PASSPHRASE_FILE = path.join('secrets', 'org-key-passphrase');

/**
 * Reads the passphrase kept in `file`, or creates it (256 random bits, mode 0600) when there is none.
 * Creation is atomic (write a private temporary file, then hard-link it into place), so app processes
 * starting together on one DATA_DIR all end up with the same passphrase.
 */
export async function readOrCreatePassphraseFile(file: string): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    return await readExisting(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // another process was first: use theirs
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  return readExisting(file);
}

async function readExisting(file: string): Promise<string> {
  const passphrase = (await readFile(file, 'utf8')).trim();
  if (passphrase.length < 16) throw new Error(`${file} holds no usable passphrase (fewer than 16 characters)`);
  if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
  return passphrase;
}

/**
 * The key-encryption passphrase that protects the organisation keys' private halves at rest:
 * ORG_KEY_PASSPHRASE when set (production: from a secret store, the same on every node); otherwise
 * one generated once under DATA_DIR, with a warning at start-up. The generated file sits beside the
 * embedded database, so it protects against a leaked database dump, not against a stolen disk.
 */
@Injectable()
export class KeyEncryptionPassphrase implements OnApplicationBootstrap {
  private readonly logger = new Logger('OrganisationKeys');
  private resolved?: Promise<string>;

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  get generatedFile(): string {
    return path.resolve(this.config.DATA_DIR, GENERATED_PASSPHRASE_FILE);
  }

  onApplicationBootstrap(): void {
    if (this.config.ORG_KEY_PASSPHRASE) return;
    this.logger.warn(
      `ORG_KEY_PASSPHRASE is not set: the organisation signing keys are encrypted under a generated passphrase kept in ${this.generatedFile}. ` +
      'Production must set ORG_KEY_PASSPHRASE (from a secret store, the same on every app node).',
    );
  }

  /** Never logged, never returned to a client. */
  get(): Promise<string> {
    if (this.config.ORG_KEY_PASSPHRASE) return Promise.resolve(this.config.ORG_KEY_PASSPHRASE);
    this.resolved ??= readOrCreatePassphraseFile(this.generatedFile).catch((error: unknown) => {
      this.resolved = undefined;
      throw error;
    });
    return this.resolved;
  }
}
