import { readabilityFindings, sentencesOf, syllables, wordsOf } from './readability.js';

describe('readability measures (children, B1 and simpler)', () => {
  it('splits sentences and words', () => {
    expect(sentencesOf('Je mag alles vragen. Echt alles! Wie helpt je?')).toEqual(['Je mag alles vragen.', 'Echt alles!', 'Wie helpt je?']);
    expect(wordsOf('Bel 0800-0432, gratis.')).toEqual(['Bel', '0800-0432', 'gratis']);
  });

  it('counts syllables roughly right in Dutch and English', () => {
    expect(syllables('kind', 'nl')).toBe(1);
    expect(syllables('begeleider', 'nl')).toBe(4);
    expect(syllables('ondertoezichtstelling', 'nl')).toBeGreaterThan(4);
    expect(syllables('time', 'en')).toBe(1);
    expect(syllables('counsellor', 'en')).toBe(3);
  });

  it('accepts short, plain sentences', () => {
    expect(readabilityFindings(['Je mag zeggen wat jij vindt. Grote mensen luisteren.'], 'nl')).toEqual([]);
    expect(readabilityFindings(['You can say what you think. Grown-ups listen.'], 'en')).toEqual([]);
  });

  it('flags a long sentence, a long word, the passive and bureaucratic words', () => {
    const long = 'Dit is een hele lange zin met heel veel woorden die maar doorgaat en doorgaat tot niemand hem meer snapt.';
    expect(readabilityFindings([long], 'nl').map((f) => f.rule)).toEqual(expect.arrayContaining(['sentence_length', 'average_sentence_length']));
    expect(readabilityFindings(['Er is een ondertoezichtstelling.'], 'nl').map((f) => f.rule)).toContain('long_word');
    expect(readabilityFindings(['Je wordt gehoord.'], 'nl').map((f) => f.detail)).toContain('wordt');
    expect(readabilityFindings(['You have been heard pursuant to the rules.'], 'en').map((f) => f.detail)).toEqual(expect.arrayContaining(['have been', 'pursuant']));
  });

  it('allows the names of helplines beyond the syllable limit', () => {
    expect(readabilityFindings(['Bel de Kindertelefoon.'], 'nl')).toEqual([]);
  });
});
