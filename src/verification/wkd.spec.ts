import { wkdAdvancedPath, wkdDirectPath, wkdHash, WKD_HASH_PATTERN, zBase32 } from './wkd.js';

describe('Web Key Directory hashing', () => {
  it('matches the published test vector (draft-koch-openpgp-webkey-service: Joe.Doe@Example.ORG)', () => {
    expect(wkdHash('Joe.Doe')).toBe('iy9q119eutrkn8s1mk4r39qejnbu3n5q');
    expect(wkdHash('joe.doe')).toBe('iy9q119eutrkn8s1mk4r39qejnbu3n5q');
  });

  it('builds the direct and advanced paths of the test vector address', () => {
    expect(wkdDirectPath('Joe.Doe@Example.ORG')).toBe('/.well-known/openpgpkey/hu/iy9q119eutrkn8s1mk4r39qejnbu3n5q?l=Joe.Doe');
    expect(wkdAdvancedPath('Joe.Doe@Example.ORG')).toBe('/.well-known/openpgpkey/example.org/hu/iy9q119eutrkn8s1mk4r39qejnbu3n5q?l=Joe.Doe');
  });

  it('always gives 32 z-base-32 characters', () => {
    for (const local of ['a', 'ondersteuningsteam-demo', 'x'.repeat(64), 'ünïcode']) {
      expect(wkdHash(local)).toMatch(WKD_HASH_PATTERN);
    }
  });

  it('encodes z-base-32 bit by bit, most significant first', () => {
    expect(zBase32(new Uint8Array([0]))).toBe('yy');
    expect(zBase32(new Uint8Array([0xff]))).toBe('9h');
    expect(zBase32(new Uint8Array([0xf0, 0xbf, 0xc7]))).toBe('6n9hq');
  });
});
