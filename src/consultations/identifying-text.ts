/**
 * Free text that goes to an expert (the counsellor's question and messages) must not name the
 * family (issue 19). The summary is made of codes only, so free text is the one way a name could
 * still travel; this check refuses it before anything is stored.
 *
 * Refused: any e-mail address, anything that looks like a phone number (or another long number such
 * as a citizen service number), any id (UUID), any case reference (`EV-2026-0042`, and this case's own
 * reference whatever its form), and the names written in the case file — the case's title, the
 * children's first names, the names of everyone taking part (the family and the professionals) —
 * as whole names and name by name (a surname alone names a family as well as the full name).
 * Name parts shorter than three letters (except a whole first name such as "Bo") and common
 * words of titles and names ("familie", "van", "de") do not count on their own.
 */
export type IdentifyingKind = 'email' | 'phone' | 'id' | 'reference' | 'name';

export interface IdentifyingStrings {
  reference: string;
  title: string;
  /** Children's first names and the family's names (parents, children, foster parents). */
  familyNames: string[];
  /** Everyone else taking part: the counsellors, the guardian, the Board, … */
  otherNames: string[];
  emails: string[];
}

/** Name parts too common to refuse on their own (prefixes, and words that titles use). */
const COMMON_WORDS = new Set([
  'van', 'von', 'de', 'der', 'den', 'het', 'ter', 'ten', 'te', 'la', 'le', 'du', 'da', 'del', 'dos', 'el', 'al', 'op', 'in', 'en', 'and', 'the',
  'familie', 'gezin', 'family', 'dossier', 'case', 'demo', 'test', 'mevrouw', 'meneer', 'dhr', 'mw', 'mevr',
]);

const EMAIL = /[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[a-z]{2,}/i;
/** Nine or more digits, with spaces, dashes, dots or brackets between them: phone numbers, BSNs, account numbers. */
const LONG_NUMBER = /(?:\+|\b00)?\d(?:[\s\-.()/]*\d){8,}/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const CASE_REFERENCE = /\bEV-[A-Z0-9]+-[A-Z0-9]+\b/i;

/** Lower case, accents off, everything that is not a letter or digit a single space. */
export function normaliseWords(text: string): string {
  return ` ${text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
}

function containsWords(haystack: string, needle: string): boolean {
  const words = normaliseWords(needle).trim();
  return words.length > 0 && haystack.includes(` ${words} `);
}

/** The kind of identifying text found in `text`, or null when there is none. */
export function findIdentifyingText(text: string, strings: IdentifyingStrings): IdentifyingKind | null {
  if (EMAIL.test(text)) return 'email';
  if (strings.emails.some((e) => e && text.toLowerCase().includes(e.toLowerCase()))) return 'email';
  if (UUID.test(text)) return 'id';
  if (CASE_REFERENCE.test(text)) return 'reference';
  const words = normaliseWords(text);
  if (strings.reference && (text.toLowerCase().includes(strings.reference.toLowerCase()) || containsWords(words, strings.reference))) return 'reference';
  if (LONG_NUMBER.test(text)) return 'phone';
  const phrases = [strings.title, ...strings.familyNames, ...strings.otherNames].filter((s) => s.trim().length > 0);
  if (phrases.some((phrase) => containsWords(words, phrase))) return 'name';
  const parts = [strings.title, ...strings.familyNames, ...strings.otherNames]
    .flatMap((name) => normaliseWords(name).trim().split(' '))
    .filter((part) => part.length >= 3 && !COMMON_WORDS.has(part) && !/^\d+$/.test(part));
  if (parts.some((part) => words.includes(` ${part} `))) return 'name';
  return null;
}
