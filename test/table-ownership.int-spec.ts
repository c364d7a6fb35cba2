import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ownerOf, TABLE_OWNERS } from '../src/database/table-owners.js';
import { createTestDatabase, withAdminClient } from './helpers/test-database.js';

/**
 * Writes into another module's table that exist today, each with why; the list may only shrink.
 * Anything else that writes across a module boundary fails this test: ask the owner's service.
 */
const KNOWN_CROSS_MODULE_WRITES: Record<string, string> = {
  'verification -> organisation_identity_provider': 'keys:passphrase re-encrypts every secret under ORG_KEY_PASSPHRASE in one transaction, the providers\' client secrets included',
};

/**
 * Reads of another module's table that exist today, each with why; the list may only shrink.
 * Everyone may read the people directory (`app_user`, `organisation`: names, roles, kinds), the
 * access layer decides from many tables, and `reports` is a declared read model.
 */
const KNOWN_CROSS_MODULE_READS: Record<string, string> = {
  'attachments -> counsellor_credential': 'a published key names the team key that certifies it, in the same statement',
  'attachments -> organisation_key': 'the same: the certifying team key\'s fingerprint',
  'audit -> case_participant': 'the access log names each actor\'s role in the case',
  'intake -> case_file': 'a counsellor\'s caseload counts their active cases',
  'messaging -> case_file': 'the demo finds its fictional cases to start conversations in',
  'messaging -> case_participant': 'a thread member counts only while they take part in the case (member lists, a batch of sends checked in one statement)',
  'messaging -> user_session': 'the socket gateway re-checks its sockets\' sessions (idle and absolute expiry) in one statement per round',
  'verification -> organisation_identity_provider': 'keys:passphrase re-encrypts the providers\' client secrets with the team keys',
};
const DIRECTORY = new Set(['app_user', 'organisation']);
const READ_MODELS = new Set(['access', 'reports']);

/** Modules under src/ that hold no tables of their own but may write through their own code paths. */
const NOT_MODULES = new Set(['web', 'web-host', 'common', 'config', 'health']);

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) out.push(path.join(entry.parentPath, entry.name));
  }
  return out;
}

/** `module -> table` for every raw-SQL write and every repository of another module's entity. */
async function writesAcrossModules(): Promise<Map<string, string[]>> {
  const entityTable = new Map<string, string>();
  const files = await sources(path.resolve('src'));
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    for (const m of text.matchAll(/@Entity\('([a-z_]+)'\)\s*export class (\w+)/g)) entityTable.set(m[2], m[1]);
  }
  const found = new Map<string, string[]>();
  for (const file of files) {
    const module = path.relative(path.resolve('src'), file).split(path.sep)[0];
    if (NOT_MODULES.has(module) || !module || module.endsWith('.ts')) continue;
    const text = await readFile(file, 'utf8');
    const tables = [
      ...[...text.matchAll(/\b(?:INSERT INTO|UPDATE|DELETE FROM|TRUNCATE(?: TABLE)?)\s+([a-z_]+)\b/g)].map((m) => m[1]),
      ...[...text.matchAll(/getRepository\((\w+)\)/g)].map((m) => entityTable.get(m[1]) ?? ''),
    ].filter((table) => ownerOf(table) !== undefined);
    for (const table of tables) {
      if (ownerOf(table) === module) continue;
      const key = `${module} -> ${table}`;
      found.set(key, [...new Set([...(found.get(key) ?? []), path.relative(process.cwd(), file)])]);
    }
  }
  return found;
}

/** `module -> table` for every raw-SQL read (FROM/JOIN) of another module's table outside the directory. */
async function readsAcrossModules(): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  for (const file of await sources(path.resolve('src'))) {
    const module = path.relative(path.resolve('src'), file).split(path.sep)[0];
    if (NOT_MODULES.has(module) || READ_MODELS.has(module) || !module || module.endsWith('.ts')) continue;
    const text = await readFile(file, 'utf8');
    for (const [, table] of text.matchAll(/\b(?:FROM|JOIN)\s+([a-z_]+)\b/g)) {
      const owner = ownerOf(table);
      if (owner === undefined || owner === module || DIRECTORY.has(table)) continue;
      const key = `${module} -> ${table}`;
      found.set(key, [...new Set([...(found.get(key) ?? []), path.relative(process.cwd(), file)])]);
    }
  }
  return found;
}

describe('every table has one owning module: only its owner writes it, and reads across modules are declared (integration)', () => {
  it('declares an owner for every table the migrations create', async () => {
    const database = await createTestDatabase();
    try {
      const tables = await withAdminClient(database.url, async (c) =>
        (await c.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`)).rows.map((r: { table_name: string }) => r.table_name));
      expect(tables.length).toBeGreaterThan(30);
      expect(tables.filter((table: string) => ownerOf(table) === undefined)).toEqual([]);
      const declared = Object.values(TABLE_OWNERS).flat() as string[];
      expect(declared.filter((table) => !tables.includes(table))).toEqual([]);
    } finally {
      await database.drop();
    }
  });

  it('finds no module writing another module’s table beyond the known, explained ones', async () => {
    const found = await writesAcrossModules();
    const unexplained = [...found].filter(([key]) => !(key in KNOWN_CROSS_MODULE_WRITES)).map(([key, files]) => `${key} (${files.join(', ')})`);
    expect(unexplained).toEqual([]);
    // The list only shrinks: an entry nothing needs any more must go.
    expect(Object.keys(KNOWN_CROSS_MODULE_WRITES).filter((key) => !found.has(key))).toEqual([]);
  });

  it('finds no module reading another module’s table beyond the directory, the access layer, the reports and the known, explained reads', async () => {
    const found = await readsAcrossModules();
    const unexplained = [...found].filter(([key]) => !(key in KNOWN_CROSS_MODULE_READS)).map(([key, files]) => `${key} (${files.join(', ')})`);
    expect(unexplained).toEqual([]);
    expect(Object.keys(KNOWN_CROSS_MODULE_READS).filter((key) => !found.has(key))).toEqual([]);
  });
});
