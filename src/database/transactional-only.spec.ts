import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'web' ? [] : sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [full] : [];
  }));
  return nested.flat();
}

/** Code that runs outside the Nest application (no TransactionHost there), with the reason. */
const OUTSIDE_THE_APP: Record<string, string> = {
  'verification/key-passphrase-change.ts': 'npm run keys:passphrase re-encrypts every team key in one transaction, without booting the app',
};

describe('one way to open a transaction', () => {
  it('services use @Transactional(); only src/database opens transactions by hand', async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles(src)) {
      if (file.startsWith(path.join(src, 'database') + path.sep) || OUTSIDE_THE_APP[path.relative(src, file)]) continue;
      const text = await readFile(file, 'utf8');
      if (/\.withTransaction\(|dataSource\.transaction\(|manager\.transaction\(/.test(text)) offenders.push(path.relative(src, file));
    }
    expect(offenders).toEqual([]);
  });
});
