import { createHash, randomInt } from 'node:crypto';

/**
 * Verification codes: read out over the phone or shown on a screen, typed in by a partner.
 * Crockford's base-32 alphabet has no I, L, O or U, so nothing looks or sounds like something else;
 * 10 characters carry 50 random bits. Shown as two groups of five: `7KQ2M-XD9PA`.
 */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 10;
export const CODE_ENTROPY_BITS = CODE_LENGTH * Math.log2(CODE_ALPHABET.length);
/** Longer input than this is not a mistyped code but garbage; it is refused before any work. */
export const MAX_CODE_INPUT_LENGTH = 40;

const CANONICAL = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

export function newVerificationCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** `7KQ2MXD9PA` → `7KQ2M-XD9PA`. */
export function formatVerificationCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/**
 * What a person typed → the canonical code, or null when it cannot be a code. Case, spaces, dashes
 * and dots do not matter, and the letters Crockford leaves out are read as what they look like
 * (O → 0, I and L → 1).
 */
export function normaliseVerificationCode(input: string): string | null {
  if (input.length > MAX_CODE_INPUT_LENGTH) return null;
  const code = input.toUpperCase().replace(/[\s\-_.]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return CANONICAL.test(code) ? code : null;
}

/** Codes are stored only as this hash; the code itself is shown once, to its counsellor. */
export function hashVerificationCode(canonicalCode: string): Buffer {
  return createHash('sha256').update(`eenverhaal-verification-code:${canonicalCode}`).digest();
}
