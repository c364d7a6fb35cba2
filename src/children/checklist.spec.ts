import { createHash } from 'node:crypto';
import { CHILD_READABILITY, averageSentenceWords, readabilityFindings } from '../shared/readability.js';
import { CHECKLIST_LANGUAGES, CHECKLIST_REVIEW, CHECKLISTS, checklistTexts } from './checklist.js';

describe('the checklist for children', () => {
  it.each(CHECKLIST_LANGUAGES)('reads B1 or simpler in %s (short sentences, short words, no bureaucratic or passive words)', (language) => {
    const texts = checklistTexts(CHECKLISTS[language]);
    expect(readabilityFindings(texts, language)).toEqual([]);
    expect(averageSentenceWords(texts)).toBeLessThanOrEqual(CHILD_READABILITY.maxAverageSentenceWords);
  });

  it('answers the three questions in both languages, with the same helplines', () => {
    for (const language of CHECKLIST_LANGUAGES) {
      const checklist = CHECKLISTS[language];
      expect(checklist.sections.map((s) => s.key)).toEqual(['now', 'talk', 'rights']);
      expect(checklist.sections.every((s) => s.items.length >= 3)).toBe(true);
      expect(checklist.emergency).toContain('112');
    }
    expect(CHECKLISTS.en.helplines.map((h) => [h.key, h.phone, h.url])).toEqual(CHECKLISTS.nl.helplines.map((h) => [h.key, h.phone, h.url]));
    expect(CHECKLISTS.nl.helplines.find((h) => h.key === 'kindertelefoon')?.phone).toBe('0800-0432');
  });

  it('was reviewed as it stands (a change of the text needs a new review)', () => {
    const hash = createHash('sha256').update(JSON.stringify(CHECKLISTS)).digest('hex');
    expect(CHECKLIST_REVIEW.contentSha256).toBe(hash);
    expect(CHECKLIST_REVIEW.checked.length).toBeGreaterThanOrEqual(5);
  });
});
