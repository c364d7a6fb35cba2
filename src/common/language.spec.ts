import { pickLanguage } from './language.js';

describe('pickLanguage', () => {
  it.each([
    [undefined, 'nl'],
    ['', 'nl'],
    ['en', 'en'],
    ['en-GB,en;q=0.9', 'en'],
    ['de-DE,de;q=0.9', 'nl'],
    ['nl;q=0.5,en;q=0.8', 'en'],
    ['en;q=0.2,nl-BE;q=0.9', 'nl'],
  ])('%s → %s', (header, expected) => {
    expect(pickLanguage(header)).toBe(expected);
  });
});
