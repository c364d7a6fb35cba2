import {
  CODE_ALPHABET, CODE_ENTROPY_BITS, formatVerificationCode, hashVerificationCode, newVerificationCode, normaliseVerificationCode,
} from './verification-code.js';

describe('verification codes', () => {
  it('carry at least 40 bits and use no ambiguous characters', () => {
    expect(CODE_ENTROPY_BITS).toBeGreaterThanOrEqual(40);
    for (const ambiguous of ['I', 'L', 'O', 'U']) expect(CODE_ALPHABET).not.toContain(ambiguous);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const code = newVerificationCode();
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
      seen.add(code);
    }
    expect(seen.size).toBe(200);
  });

  it('are grouped for reading aloud', () => {
    expect(formatVerificationCode('7KQ2MXD9PA')).toBe('7KQ2M-XD9PA');
  });

  it('normalise case, spaces, dashes and look-alike letters', () => {
    expect(normaliseVerificationCode('7kq2m-xd9pa')).toBe('7KQ2MXD9PA');
    expect(normaliseVerificationCode(' 7KQ2M XD9PA ')).toBe('7KQ2MXD9PA');
    expect(normaliseVerificationCode('7KQ2.MXD.9PA')).toBe('7KQ2MXD9PA');
    expect(normaliseVerificationCode('OIL00-11111')).toBe('0110011111');
  });

  it('refuse what cannot be a code', () => {
    expect(normaliseVerificationCode('')).toBeNull();
    expect(normaliseVerificationCode('7KQ2M-XD9P')).toBeNull(); // too short
    expect(normaliseVerificationCode('7KQ2M-XD9PAA')).toBeNull(); // too long
    expect(normaliseVerificationCode('7KQ2M-XD9PU')).toBeNull(); // U is not in the alphabet
    expect(normaliseVerificationCode('7KQ2M-XD9P!')).toBeNull();
    expect(normaliseVerificationCode('A'.repeat(500))).toBeNull();
  });

  it('hash the canonical form, so every way of typing a code finds the same row', () => {
    const a = hashVerificationCode(normaliseVerificationCode('7kq2m-xd9pa')!);
    const b = hashVerificationCode(normaliseVerificationCode('7KQ2MXD9PA')!);
    expect(a.equals(b)).toBe(true);
    expect(a).toHaveLength(32);
  });
});
