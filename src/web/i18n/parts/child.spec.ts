import { readabilityFindings } from '../../../shared/readability.js';
import { journeysEn } from './journeys.en.js';
import { journeysNl } from './journeys.nl.js';
import { attentionEn } from './attention.en.js';
import { attentionNl } from './attention.nl.js';
import { childEn } from './child.en.js';
import { childNl } from './child.nl.js';
import { accountChildEn } from './account-child.en.js';
import { accountChildNl } from './account-child.nl.js';
import { accountNl } from './account.nl.js';
import { attachmentsNl } from './attachments.nl.js';
import { privacyNl } from './privacy.nl.js';

/** Everything a child reads on their own screens: their home, the child route of the registration, the words for a child elsewhere. */
const forAChild = (dictionary: Record<string, string>) => Object.entries(dictionary)
  .filter(([key]) => key.startsWith('child.') || key.startsWith('register.child.') || /Child$/.test(key) || /^home\.child\d$/.test(key))
  .map(([, text]) => text.replace(/\{[^{}]*\{[^}]*\}[^{}]*\}/g, '').replace(/[{}#]/g, ' '));

describe("a child's screens read B1 or simpler (issue 20)", () => {
  it('in Dutch', () => {
    const texts = forAChild({ ...journeysNl, ...attentionNl, ...childNl, ...accountChildNl });
    expect(texts.length).toBeGreaterThan(60);
    expect(readabilityFindings(texts, 'nl')).toEqual([]);
  });

  it('in English', () => {
    const texts = forAChild({ ...journeysEn, ...attentionEn, ...childEn, ...accountChildEn });
    expect(readabilityFindings(texts, 'en')).toEqual([]);
  });

  it('gives a child\'s "Mijn account" a child\'s version of every text there that says "u", in Dutch and English', () => {
    const onTheAccountPage = Object.entries({ ...accountNl, ...privacyNl, ...journeysNl, ...attachmentsNl } as Record<string, string>)
      .filter(([key]) => /^(account\.|privacy\.(copy|erasure)\.|notify\.|keys\.)/.test(key) && !/^account\.role\.(?!child)/.test(key)
        // Said beside an attachment in a conversation, not on "Mijn account".
        && !['keys.lockedHint', 'keys.noKeyHint', 'keys.toPanel'].includes(key));
    const sayingU = onTheAccountPage.filter(([, text]) => /(^|[^\p{L}])(u|uw|U|Uw)([^\p{L}]|$)/u.test(text)).map(([key]) => key);
    expect(sayingU.length).toBeGreaterThan(30);
    expect(sayingU.filter((key) => !(`${key}.forChild` in accountChildNl))).toEqual([]);
    expect(Object.keys(accountChildEn).sort()).toEqual(Object.keys(accountChildNl).sort());
    for (const key of Object.keys(accountChildNl)) expect(key.replace(/\.forChild$/, '') in { ...accountNl, ...privacyNl, ...journeysNl, ...attachmentsNl }).toBe(true);
  });
});
