import { findIdentifyingText, type IdentifyingStrings } from './identifying-text.js';

const strings: IdentifyingStrings = {
  reference: 'EV-2026-0042',
  title: 'Familie Bakkerszoon',
  familyNames: ['Jozefien', 'Mirjam van der Velde-Ouwehand', 'Bo'],
  otherNames: ['Carla Counsellor'],
  emails: ['mirjam@voorbeeld.test'],
};

describe('findIdentifyingText', () => {
  it.each([
    'Moeder wil de bezoeksregeling uitbreiden; de voogd twijfelt. Wat zijn de juridische mogelijkheden?',
    'Het kind (geboren 2015) woont sinds 2023 in een pleeggezin.',
    // Common words that happen to be part of a name, a name inside a longer word, numbers that are years or counts.
    'De familie en het gezin van de moeder',
    'Bosbessen en boterhammen',
    'In 2023 en 2024 twee keer verhuisd, 3 kinderen',
  ])('lets through %j', (text) => {
    expect(findIdentifyingText(text, strings)).toBeNull();
  });

  it.each([
    // E-mail addresses, phone numbers, ids and references of any case.
    ['Mail haar op iemand@example.org', 'email'],
    ['bel 06-12 34 56 78 even', 'phone'],
    ['bel +31 6 1234 5678', 'phone'],
    ['BSN 123456782', 'phone'],
    ['zie 9b2c3c1e-1c0a-4c43-9a53-0f2d2a1b9e11', 'id'],
    ['dossier ev-2026-0042', 'reference'],
    ['zie EV-2025-0007', 'reference'],
    // The family's names whole and part by part, accents and case aside, and the case title.
    ['Hoe gaat het met jozefien?', 'name'],
    ['Mevrouw Ouwehand vraagt…', 'name'],
    ['Mirjam van der Velde-Ouwehand', 'name'],
    ['Over familie Bakkerszoon', 'name'],
    ['Over bakkerszoón', 'name'],
    ['Groet, Carla Counsellor', 'name'],
    ['Carla vraagt het', 'name'],
    ['mirjam@voorbeeld.test', 'email'],
    // A two-letter first name as a whole word.
    ['Hoe gaat het met Bo op school?', 'name'],
  ] as const)('refuses %j as %s', (text, kind) => {
    expect(findIdentifyingText(text, strings)).toBe(kind);
  });
});
