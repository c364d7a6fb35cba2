import { findIdentifyingText, type IdentifyingStrings } from './identifying-text.js';

const strings: IdentifyingStrings = {
  reference: 'EV-2026-0042',
  title: 'Familie Bakkerszoon',
  familyNames: ['Jozefien', 'Mirjam van der Velde-Ouwehand', 'Bo'],
  otherNames: ['Carla Counsellor'],
  emails: ['mirjam@voorbeeld.test'],
};

describe('findIdentifyingText', () => {
  it('lets a question without names through', () => {
    expect(findIdentifyingText('Moeder wil de bezoeksregeling uitbreiden; de voogd twijfelt. Wat zijn de juridische mogelijkheden?', strings)).toBeNull();
    expect(findIdentifyingText('Het kind (geboren 2015) woont sinds 2023 in een pleeggezin.', strings)).toBeNull();
  });

  it('refuses e-mail addresses, phone numbers, ids and references of any case', () => {
    expect(findIdentifyingText('Mail haar op iemand@example.org', strings)).toBe('email');
    expect(findIdentifyingText('bel 06-12 34 56 78 even', strings)).toBe('phone');
    expect(findIdentifyingText('bel +31 6 1234 5678', strings)).toBe('phone');
    expect(findIdentifyingText('BSN 123456782', strings)).toBe('phone');
    expect(findIdentifyingText('zie 9b2c3c1e-1c0a-4c43-9a53-0f2d2a1b9e11', strings)).toBe('id');
    expect(findIdentifyingText('dossier ev-2026-0042', strings)).toBe('reference');
    expect(findIdentifyingText('zie EV-2025-0007', strings)).toBe('reference');
  });

  it('refuses the family\'s names whole and part by part, accents and case aside, and the case title', () => {
    expect(findIdentifyingText('Hoe gaat het met jozefien?', strings)).toBe('name');
    expect(findIdentifyingText('Mevrouw Ouwehand vraagt…', strings)).toBe('name');
    expect(findIdentifyingText('Mirjam van der Velde-Ouwehand', strings)).toBe('name');
    expect(findIdentifyingText('Over familie Bakkerszoon', strings)).toBe('name');
    expect(findIdentifyingText('Over bakkerszoón', strings)).toBe('name');
    expect(findIdentifyingText('Groet, Carla Counsellor', strings)).toBe('name');
    expect(findIdentifyingText('Carla vraagt het', strings)).toBe('name');
    expect(findIdentifyingText('mirjam@voorbeeld.test', strings)).toBe('email');
  });

  it('does not refuse common words that happen to be part of a name, nor a name inside a longer word', () => {
    expect(findIdentifyingText('De familie en het gezin van de moeder', strings)).toBeNull();
    expect(findIdentifyingText('Bosbessen en boterhammen', strings)).toBeNull();
    expect(findIdentifyingText('In 2023 en 2024 twee keer verhuisd, 3 kinderen', strings)).toBeNull();
  });

  it('refuses a two-letter first name as a whole word', () => {
    expect(findIdentifyingText('Hoe gaat het met Bo op school?', strings)).toBe('name');
  });
});
