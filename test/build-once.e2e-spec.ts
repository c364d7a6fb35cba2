import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Issue 22: the build runs once (at `npm install`, via `prepare`) and again only when an input
// changed, so `npm start` serves from dist/ at once. Exercised on a copy of the project (its own
// dist/), with the real compilers.
const SLOW = 240_000;

function build(dir: string, ...args: string[]): { status: number | null; out: string } {
  const result = spawnSync(process.execPath, ['scripts/build.mjs', ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' },
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

describe('build once, start from dist/ (scripts/build.mjs)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'eenverhaal-build-'));
    for (const item of ['src', 'migrations', 'bench', 'scripts', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json']) {
      cpSync(item, path.join(dir, item), { recursive: true });
    }
    symlinkSync(path.resolve('node_modules'), path.join(dir, 'node_modules'), 'dir');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('package.json builds at install and start builds only when stale', () => {
    const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts as Record<string, string>;
    expect(scripts.prepare).toBe('node scripts/build.mjs --install');
    expect(scripts.build).toBe('node scripts/build.mjs');
    expect(scripts.start).toBe('node scripts/build.mjs --if-stale && node dist/src/main.js');
  });

  it('builds a fresh copy once, then skips until an input changes (by content, not by mtime)', () => {
    expect(build(dir, '--check').status).toBe(1); // nothing built yet

    const first = build(dir, '--install');
    expect(first.status).toBe(0);
    expect(first.out).toMatch(/compiling the server and the web client/);
    expect(existsSync(path.join(dir, 'dist/src/main.js'))).toBe(true);
    expect(existsSync(path.join(dir, 'dist/web/index.html'))).toBe(true);
    expect(build(dir, '--check').status).toBe(0);

    // A start with nothing changed compiles nothing: dist/ is left untouched.
    const mainMtime = statSync(path.join(dir, 'dist/src/main.js')).mtimeMs;
    const again = build(dir, '--if-stale');
    expect(again.status).toBe(0);
    expect(again.out).not.toMatch(/compiling/);
    expect(statSync(path.join(dir, 'dist/src/main.js')).mtimeMs).toBe(mainMtime);

    // An edited source makes it stale; the same content again (a checkout touches mtimes) does not.
    const source = path.join(dir, 'src/common/pagination.ts');
    const original = readFileSync(source, 'utf8');
    writeFileSync(source, `${original}\n// edited\n`);
    expect(build(dir, '--check').status).toBe(1);
    writeFileSync(source, original);
    expect(build(dir, '--check').status).toBe(0);

    // A deleted output makes it stale too.
    rmSync(path.join(dir, 'dist/web/index.html'));
    expect(build(dir, '--check').status).toBe(1);
  }, SLOW);

  it('is a no-op at install where there are no sources (the Docker image installs before copying them)', () => {
    const bare = mkdtempSync(path.join(os.tmpdir(), 'eenverhaal-build-bare-'));
    try {
      cpSync('scripts', path.join(bare, 'scripts'), { recursive: true });
      const result = build(bare, '--install');
      expect(result.status).toBe(0);
      expect(result.out).toMatch(/nothing to build at install/);
      expect(existsSync(path.join(bare, 'dist'))).toBe(false);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
