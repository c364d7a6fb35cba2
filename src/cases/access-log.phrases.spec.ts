import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { namedActions } from './access-log.phrases.js';

/** Every `action: '…'` recorded anywhere under src/ (audit events are recorded with a literal action). */
async function recordedActions(dir = path.resolve('src')): Promise<Set<string>> {
  const found = new Set<string>();
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'web') for (const a of await recordedActions(full)) found.add(a);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
      for (const match of (await readFile(full, 'utf8')).matchAll(/action: '([a-z_.]+)'/g)) found.add(match[1]);
    }
  }
  return found;
}

describe('access-log phrases', () => {
  it('name only actions that are really recorded (a phrase under another key never shows)', async () => {
    const recorded = await recordedActions();
    expect(namedActions().filter((key) => !recorded.has(key))).toEqual([]);
  });
});
