import { randomInt } from 'node:crypto';

// Consonants only, so the letters never spell a word or a name; no look-alikes (no Q/O/I/L).
const LETTERS = 'BCDFGHJKMNPRSTVWXZ';

/**
 * A random name for the family in one consultation, e.g. "Gezin KT-482". Random, not derived from
 * any id, and new for every consultation, so two consultations about one family cannot be linked by it.
 */
export function newPseudonym(): string {
  const letter = () => LETTERS[randomInt(LETTERS.length)];
  return `Gezin ${letter()}${letter()}-${randomInt(100, 1000)}`;
}
