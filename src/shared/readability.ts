/**
 * Plain-language measures for text a child reads (issue 20): B1 and simpler. Crude on purpose and
 * explainable to anyone: short sentences, short words, no bureaucratic or passive words. Used by
 * the unit tests of the children's checklist (`src/children/checklist.spec.ts`) and of the child's
 * screens (`src/web/i18n/parts/child.spec.ts`). Shared by the server and the browser: no imports.
 */

export type ReadabilityLanguage = 'nl' | 'en';

export interface ReadabilityRules {
  /** Average words per sentence, at most. */
  maxAverageSentenceWords: number;
  /** Words in any one sentence, at most. */
  maxSentenceWords: number;
  /** Syllables in a word, at most (names and a few explained words are allowed beyond it). */
  maxSyllables: number;
  /** Words allowed beyond `maxSyllables`, lower case (names of helplines, explained words). */
  allowedLongWords: readonly string[];
}

export const CHILD_READABILITY: ReadabilityRules = {
  maxAverageSentenceWords: 12,
  maxSentenceWords: 18,
  maxSyllables: 4,
  allowedLongWords: [
    // Names of helplines and places, said as they are called.
    'kindertelefoon', 'kinderombudsman', 'kinderrechtswinkel', 'eenverhaal',
    // Explained where a child meets them.
    'vertrouwenspersoon', 'procesbegeleider',
    // Everyday words a child knows.
    'telefoonnummer',
  ],
};

/**
 * Words that make a text bureaucratic or passive, per language (whole words or phrases, lower case).
 * Dutch passive voice goes through `worden`; a child's text does without it.
 */
export const DENIED_WORDS: Record<ReadabilityLanguage, readonly string[]> = {
  nl: [
    'wordt', 'worden', 'werd', 'werden', 'middels', 'inzake', 'teneinde', 'desbetreffende', 'conform', 'reeds', 'alsmede',
    'dienen', 'dient', 'overeenkomstig', 'ten behoeve', 'betreffende', 'hieromtrent', 'indienen', 'procedure',
    'uithuisplaatsing', 'ondertoezichtstelling', 'jeugdbeschermingsmaatregel', 'maatregel', 'verzoek', 'aanvraag', 'u ', 'uw',
  ],
  en: [
    'shall', 'hereby', 'pursuant', 'aforementioned', 'in accordance', 'facilitate', 'utilise', 'utilize', 'commence',
    'is being', 'are being', 'was being', 'were being', 'has been', 'have been', 'procedure', 'eligible', 'whereas',
    'herein', 'thereof', 'placement', 'supervision order', 'measure', 'request',
  ],
};

export interface ReadabilityFinding {
  rule: 'sentence_length' | 'average_sentence_length' | 'long_word' | 'denied_word';
  text: string;
  detail: string;
}

/** Sentences: split after . ! ? : (a colon starts a new thought for a child's reader too). */
export function sentencesOf(text: string): string[] {
  return text.split(/(?<=[.!?:])\s+|\n+/).map((s) => s.trim()).filter((s) => wordsOf(s).length > 0);
}

/** Words: letters and digits (a phone number counts as one word). */
export function wordsOf(sentence: string): string[] {
  return sentence.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
}

/** Syllables as vowel groups; English drops a silent final e. Good enough to flag long words. */
export function syllables(word: string, language: ReadabilityLanguage): number {
  const w = word.toLowerCase().replace(/[’']/g, '');
  if (/^\d/.test(w)) return 1;
  const groups = w.match(language === 'nl' ? /[aeiouyáéíóúàèäëïöü]+/g : /[aeiouy]+/g)?.length ?? 0;
  const silentE = language === 'en' && /[^aeiouy]e$/.test(w) && !/[^aeiouy]le$/.test(w) && groups > 1 ? 1 : 0;
  return Math.max(1, groups - silentE);
}

/** Everything in `texts` that breaks the rules; empty when the texts read B1 or simpler. */
export function readabilityFindings(texts: readonly string[], language: ReadabilityLanguage, rules: ReadabilityRules = CHILD_READABILITY): ReadabilityFinding[] {
  const findings: ReadabilityFinding[] = [];
  const lengths: number[] = [];
  for (const text of texts) {
    for (const sentence of sentencesOf(text)) {
      const words = wordsOf(sentence);
      lengths.push(words.length);
      if (words.length > rules.maxSentenceWords) findings.push({ rule: 'sentence_length', text: sentence, detail: `${words.length} words` });
      for (const word of words) {
        const n = syllables(word, language);
        if (n > rules.maxSyllables && !rules.allowedLongWords.includes(word.toLowerCase())) {
          findings.push({ rule: 'long_word', text: sentence, detail: `${word}: ${n} syllables` });
        }
      }
    }
    const lower = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
    for (const denied of DENIED_WORDS[language]) {
      if (lower.includes(` ${denied.trim()} `)) findings.push({ rule: 'denied_word', text, detail: denied.trim() });
    }
  }
  const average = lengths.length ? lengths.reduce((a, b) => a + b, 0) / lengths.length : 0;
  if (average > rules.maxAverageSentenceWords) findings.push({ rule: 'average_sentence_length', text: '', detail: `${average.toFixed(1)} words per sentence` });
  return findings;
}

/** The average number of words per sentence over `texts` (for the README's figures). */
export function averageSentenceWords(texts: readonly string[]): number {
  const lengths = texts.flatMap((t) => sentencesOf(t).map((s) => wordsOf(s).length));
  return lengths.length ? lengths.reduce((a, b) => a + b, 0) / lengths.length : 0;
}
