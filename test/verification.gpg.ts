import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * Real GnuPG for the verification tests, each run in its own throw-away GNUPGHOME. There is no skip:
 * without gpg these tests fail, loudly, because "gpg --verify accepts the statement" is the point.
 */
export function gpgBinary(): string {
  if (existsSync('/usr/bin/gpg')) return '/usr/bin/gpg';
  try {
    return execFileSync('sh', ['-c', 'command -v gpg'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('GnuPG (gpg) is required by the verification tests and was not found at /usr/bin/gpg or on PATH. Install it (apt-get install gnupg); CI does.');
  }
}

export interface GpgResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export class GpgHome {
  private constructor(readonly dir: string, private readonly gpg: string) {}

  static async create(): Promise<GpgHome> {
    const gpg = gpgBinary();
    return new GpgHome(await mkdtemp(path.join(os.tmpdir(), 'ev-gpg-')), gpg);
  }

  run(args: string[]): Promise<GpgResult> {
    return new Promise((resolve) => {
      execFile(this.gpg, ['--batch', '--no-tty', '--homedir', this.dir, ...args], { encoding: 'utf8', timeout: 20_000 }, (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 2) : 0;
        resolve({ exitCode: code, stdout, stderr });
      });
    });
  }

  async importKeys(keys: string | Buffer): Promise<GpgResult> {
    const file = path.join(this.dir, `import-${Date.now()}-${Math.random().toString(36).slice(2)}.key`);
    await writeFile(file, keys);
    return this.run(['--import', file]);
  }

  /** `gpg --verify` of a clear-signed text; the status lines (GOODSIG, BADSIG, VALIDSIG …) come on stdout. */
  async verify(clearSigned: string): Promise<GpgResult> {
    const file = path.join(this.dir, `statement-${Date.now()}-${Math.random().toString(36).slice(2)}.asc`);
    await writeFile(file, clearSigned, 'utf8');
    return this.run(['--status-fd', '1', '--verify', file]);
  }

  async close(): Promise<void> {
    try {
      execFileSync('gpgconf', ['--homedir', this.dir, '--kill', 'all'], { stdio: 'ignore' });
    } catch {
      // no agent was started
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}
