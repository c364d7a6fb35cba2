import { readabilityFindings } from '../../../shared/readability.js';
import { journeysEn } from './journeys.en.js';
import { journeysNl } from './journeys.nl.js';
import { attentionEn } from './attention.en.js';
import { attentionNl } from './attention.nl.js';
import { childEn } from './child.en.js';
import { childNl } from './child.nl.js';

/** Everything a child reads on their own screens: their home, the child route of the registration, the words for a child elsewhere. */
const forAChild = (dictionary: Record<string, string>) => Object.entries(dictionary)
  .filter(([key]) => key.startsWith('child.') || key.startsWith('register.child.') || /Child$/.test(key) || /^home\.child\d$/.test(key))
  .map(([, text]) => text.replace(/\{[^{}]*\{[^}]*\}[^{}]*\}/g, '').replace(/[{}#]/g, ' '));

describe("a child's screens read B1 or simpler (issue 20)", () => {
  it('in Dutch', () => {
    const texts = forAChild({ ...journeysNl, ...attentionNl, ...childNl });
    expect(texts.length).toBeGreaterThan(60);
    expect(readabilityFindings(texts, 'nl')).toEqual([]);
  });

  it('in English', () => {
    const texts = forAChild({ ...journeysEn, ...attentionEn, ...childEn });
    expect(readabilityFindings(texts, 'en')).toEqual([]);
  });
});
