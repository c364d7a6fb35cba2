import { createHash } from 'node:crypto';

/** z-base-32 (Zooko's human-oriented base-32) as the Web Key Directory uses it. */
const Z_BASE_32 = 'ybndrfg8ejkmcpqxot1uwisza345h769';

export function zBase32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += Z_BASE_32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += Z_BASE_32[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * The WKD hash of a mail address's local part: z-base-32 of the SHA-1 of the lower-cased local part
 * (draft-koch-openpgp-webkey-service, section 3.1). Always 32 characters.
 */
export function wkdHash(localPart: string): string {
  return zBase32(createHash('sha1').update(localPart.toLowerCase(), 'utf8').digest());
}

/** A well-formed WKD hash; anything else cannot name a key. */
export const WKD_HASH_PATTERN = /^[ybndrfg8ejkmcpqxot1uwisza345h769]{32}$/;

/** The direct-method URL path of an address: `/.well-known/openpgpkey/hu/<hash>?l=<local part>`. */
export function wkdDirectPath(email: string): string {
  const [localPart] = email.split('@');
  return `/.well-known/openpgpkey/hu/${wkdHash(localPart)}?l=${encodeURIComponent(localPart)}`;
}

/** The advanced-method URL path of an address: `/.well-known/openpgpkey/<domain>/hu/<hash>?l=<local part>`. */
export function wkdAdvancedPath(email: string): string {
  const [localPart, domain] = email.split('@');
  return `/.well-known/openpgpkey/${domain.toLowerCase()}/hu/${wkdHash(localPart)}?l=${encodeURIComponent(localPart)}`;
}
