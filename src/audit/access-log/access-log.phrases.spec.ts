import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ALL_AUDIT_ACTIONS, ALL_CASE_LOG_ACTIONS } from '../audit-actions.js';
import { phraseFor } from './access-log.phrases.js';

/** Every quoted `word.word` literal under src/ outside the declarations: where an action is really used. */
async function recordedActions(dir = path.resolve('src')): Promise<Set<string>> {
  const found = new Set<string>();
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'web') for (const a of await recordedActions(full)) found.add(a);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && entry.name !== 'audit-actions.ts') {
      for (const match of (await readFile(full, 'utf8')).matchAll(/'([a-z_]+\.[a-z_.]+)'/g)) found.add(match[1]);
    }
  }
  return found;
}

describe('audit actions and their access-log phrases', () => {
  // The compiler already refuses an action that is not declared, and a case action without a phrase.
  it('declare only actions some module really records (a phrase under another key would never show)', async () => {
    const recorded = await recordedActions();
    expect(ALL_AUDIT_ACTIONS.filter((action) => !recorded.has(action))).toEqual([]);
  });

  it('give every case action its own words, never the vague default', () => {
    const vague = phraseFor('no.such.action');
    expect(ALL_CASE_LOG_ACTIONS.filter((action) => phraseFor(action).nl === vague.nl)).toEqual([]);
  });
});
