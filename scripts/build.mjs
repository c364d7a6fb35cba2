#!/usr/bin/env node
// Builds the server (tsc -> dist/) and the web client (vite -> dist/web/) and records a fingerprint of
// every input in dist/.build-stamp.json. Plain JavaScript, so it runs before anything is compiled.
//
//   node scripts/build.mjs             build (what `npm run build` does)
//   node scripts/build.mjs --if-stale  build only when an input changed since the last build
//                                      (`npm start`, `npm run demo`, ...: a restart costs ~0.1 s)
//   node scripts/build.mjs --check     exit 0 when dist/ is up to date, 1 when a build is due (no build)
//   node scripts/build.mjs --install   `prepare`, after `npm install`: like --if-stale, but a no-op
//                                      when the sources or TypeScript are absent (the Docker image's
//                                      dependency layer, `npm install --omit=dev`)
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = path.join(root, 'dist', '.build-stamp.json');
/** Everything the output depends on: sources, compiler settings and the exact dependency tree. */
const INPUT_DIRS = ['src', 'migrations', 'bench'];
const INPUT_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json', 'scripts/build.mjs'];
/** Output that must exist for the stamp to count (someone may have deleted dist/ by hand). */
const OUTPUTS = ['dist/src/main.js', 'dist/web/index.html'];

const flag = ['--install', '--if-stale', '--check'].find((f) => process.argv.includes(f));
const mode = flag ? flag.slice(2) : 'always';

function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const entry of readdirSync(path.join(root, d), { withFileTypes: true })) {
      const rel = `${d}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.isFile()) out.push(rel);
    }
  };
  if (existsSync(path.join(root, dir))) walk(dir);
  return out;
}

/** A content hash (not mtimes: a `git checkout` or a fresh clone sets every mtime to now). */
function fingerprint() {
  const files = [...INPUT_DIRS.flatMap(listFiles), ...INPUT_FILES.filter((f) => existsSync(path.join(root, f)))].sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(file).update('\0').update(readFileSync(path.join(root, file))).update('\0');
  }
  return hash.digest('hex');
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return null;
  }
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: false });
  if (result.status !== 0) {
    console.error(`build: ${path.basename(command)} ${args.join(' ')} failed`);
    process.exit(result.status ?? 1);
  }
}

if (mode === 'install' && (!existsSync(path.join(root, 'src', 'main.ts')) || !existsSync(path.join(root, 'node_modules', 'typescript')))) {
  console.log('build: no sources or no TypeScript here, nothing to build at install');
  process.exit(0);
}

const started = Date.now();
const current = fingerprint();
const upToDate = readStamp()?.fingerprint === current && OUTPUTS.every((f) => existsSync(path.join(root, f)));
if (mode === 'check') {
  console.log(upToDate ? 'build: dist/ is up to date with the sources' : 'build: a build is due');
  process.exit(upToDate ? 0 : 1);
}
if (mode !== 'always' && upToDate) {
  if (mode === 'install') console.log('build: dist/ is up to date with the sources');
  process.exit(0);
}

console.log(mode === 'always' ? 'build: compiling the server and the web client' : 'build: the sources changed since the last build (or there is none): compiling the server and the web client');
run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json']);
run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'src/web/tsconfig.json']);
run(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'src/web/vite.config.ts', '--logLevel', 'warn']);
// The fingerprint taken before compiling: a file edited during the build makes the next start build again.
writeFileSync(stampFile, `${JSON.stringify({ fingerprint: current, builtAt: new Date().toISOString(), node: process.version }, null, 2)}\n`);
console.log(`build: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
