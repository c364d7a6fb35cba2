import { format, formatBytes } from './format.js';

describe('format (web client messages)', () => {
  it('fills names, leaves unknown ones and never interprets values', () => {
    expect(format('Hallo {name}, {other}', { name: '<b>Sam</b>' }, 'nl-NL')).toBe('Hallo <b>Sam</b>, {other}');
    expect(format('Zonder waarden {name}', undefined, 'nl-NL')).toBe('Zonder waarden {name}');
  });

  it('picks the plural form the language uses, with # as the number', () => {
    const msg = '{count, plural, one {# nieuw bericht} other {# nieuwe berichten}}';
    expect(format(msg, { count: 1 }, 'nl-NL')).toBe('1 nieuw bericht');
    expect(format(msg, { count: 0 }, 'nl-NL')).toBe('0 nieuwe berichten');
    expect(format(msg, { count: 12 }, 'nl-NL')).toBe('12 nieuwe berichten');
    expect(format('{n, plural, =0 {geen plek} one {# plek} other {# plekken}} vrij bij {name}', { n: 0, name: 'Bram' }, 'nl-NL')).toBe('geen plek vrij bij Bram');
  });

  it('writes file sizes as people read them, never larger than they are', () => {
    expect(formatBytes(980, 'nl-NL')).toBe('980 byte');
    expect(formatBytes(980, 'en-GB')).toBe('980 bytes');
    expect(formatBytes(12 * 1024 + 900, 'nl-NL')).toBe('12 kB');
    expect(formatBytes(2.35 * 1024 * 1024, 'nl-NL')).toBe('2,3 MB');
    expect(formatBytes(2.35 * 1024 * 1024, 'en-GB')).toBe('2.3 MB');
    expect(formatBytes(100 * 1024 * 1024 - 1, 'nl-NL')).toBe('99 MB');
    expect(formatBytes(15 * 1024 * 1024, 'nl-NL')).toBe('15 MB');
  });
});
