// `npm run keys:passphrase`: moves the organisation keys to a new key-encryption passphrase.
//
//   NEW_ORG_KEY_PASSPHRASE=… npm run keys:passphrase
//
// The current passphrase is the one the portal uses: ORG_KEY_PASSPHRASE, or when that is unset the
// generated one under DATA_DIR (which this command then replaces). The new one comes from the
// environment, never from the command line (where `ps` would show it). All keys move, or none do.
import { randomBytes } from 'node:crypto';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config.js';
import { DatabaseUrl } from '../database/database-url.js';
import { GENERATED_PASSPHRASE_FILE } from './key-encryption-passphrase.js';
import { changeOrganisationKeyPassphrase, PassphraseChangeError } from './key-passphrase-change.js';

const next = process.env.NEW_ORG_KEY_PASSPHRASE ?? '';
if (!next) {
  process.stderr.write('usage: NEW_ORG_KEY_PASSPHRASE=<at least 16 characters> npm run keys:passphrase\n');
  process.exit(2);
}
const config = loadConfig();
const generatedFile = config.ORG_KEY_PASSPHRASE ? null : path.resolve(config.DATA_DIR, GENERATED_PASSPHRASE_FILE);
const current = config.ORG_KEY_PASSPHRASE ?? (await readFile(generatedFile!, 'utf8').catch(() => '')).trim();
if (!current) {
  process.stderr.write(`No current passphrase: ORG_KEY_PASSPHRASE is unset and ${generatedFile} does not exist (no key was ever created here).\n`);
  process.exit(2);
}

const database = await DatabaseUrl.resolve(config);
const dataSource = new DataSource({ type: 'postgres', url: database.url });
// The generated file's replacement is written before the keys change and put in place after they
// did, so the file and the keys never disagree for longer than one rename.
const pending = generatedFile ? `${generatedFile}.${randomBytes(6).toString('hex')}.new` : null;
let exitCode = 0;
try {
  await dataSource.initialize();
  if (pending) await writeFile(pending, `${next}\n`, { mode: 0o600, flag: 'wx' });
  const { keys } = await changeOrganisationKeyPassphrase(dataSource, current, next);
  if (pending) await rename(pending, generatedFile!);
  console.log(`${keys} organisation key${keys === 1 ? '' : 's'} now encrypted under the new passphrase.`);
  console.log(generatedFile
    ? `${generatedFile} holds the new passphrase; restart the portal.`
    : 'Now set ORG_KEY_PASSPHRASE to the new passphrase on every app node and restart them; until then, a node that has not yet unlocked a key cannot sign with it.');
} catch (error) {
  if (!(error instanceof PassphraseChangeError)) throw error;
  const which = error.fingerprints.length > 0 ? ` (${error.fingerprints.join(', ')})` : '';
  console.error(`Nothing changed: ${error.message}${which}.`);
  exitCode = 1;
} finally {
  if (pending) await unlink(pending).catch(() => undefined);
  if (dataSource.isInitialized) await dataSource.destroy();
  await database.stop();
}
process.exit(exitCode);
