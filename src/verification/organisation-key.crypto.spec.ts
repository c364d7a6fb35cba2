import * as openpgp from 'openpgp';
import {
  armouredKeyRing, binaryKeyRing, certifyPublicKey, clearSign, generateOrganisationKey, KeyUnlockError, revokePublicKey, unlockPrivateKey,
} from './organisation-key.crypto.js';

const PASSPHRASE = 'unit-test-key-encryption-passphrase';
const userId = { name: 'Ondersteuningsteam Test', email: 'ondersteuningsteam-test@eenverhaal.example' };

describe('organisation key crypto', () => {
  let first: Awaited<ReturnType<typeof generateOrganisationKey>>;
  beforeAll(async () => {
    first = await generateOrganisationKey(userId, PASSPHRASE);
  });

  it('generates a v4 Ed25519 signing key with the organisation user ID and no encryption subkey', async () => {
    const key = await openpgp.readKey({ armoredKey: first.publicKey });
    expect(key.keyPacket.version).toBe(4);
    expect(key.getAlgorithmInfo()).toMatchObject({ algorithm: 'eddsaLegacy', curve: 'ed25519Legacy' });
    expect(key.getUserIDs()).toEqual(['Ondersteuningsteam Test <ondersteuningsteam-test@eenverhaal.example>']);
    expect(key.getSubkeys()).toHaveLength(0);
    expect(first.fingerprint).toMatch(/^[0-9A-F]{40}$/);
  });

  it('stores the private key encrypted: it opens only with the passphrase', async () => {
    const stored = await openpgp.readPrivateKey({ armoredKey: first.encryptedPrivateKey });
    expect(stored.isDecrypted()).toBe(false);
    await expect(unlockPrivateKey(first.encryptedPrivateKey, 'a-wrong-passphrase-entirely')).rejects.toBeInstanceOf(KeyUnlockError);
    const unlocked = await unlockPrivateKey(first.encryptedPrivateKey, PASSPHRASE);
    expect(unlocked.isDecrypted()).toBe(true);
  });

  it('clear-signs text that verifies with the public key, and not once changed', async () => {
    const signer = await unlockPrivateKey(first.encryptedPrivateKey, PASSPHRASE);
    const signed = await clearSign('Naam / Name: Bas\nGeldig tot / Valid until: 2027-01-01T00:00:00.000Z\n', signer);
    expect(signed).toMatch(/^-----BEGIN PGP SIGNED MESSAGE-----/);
    expect(signed).not.toContain('\r');
    const verificationKeys = await openpgp.readKey({ armoredKey: first.publicKey });
    const good = await openpgp.verify({ message: await openpgp.readCleartextMessage({ cleartextMessage: signed }), verificationKeys });
    await expect(good.signatures[0].verified).resolves.toBe(true);
    const tampered = signed.replace('Naam / Name: Bas', 'Naam / Name: Eve');
    const bad = await openpgp.verify({ message: await openpgp.readCleartextMessage({ cleartextMessage: tampered }), verificationKeys });
    await expect(bad.signatures[0].verified).rejects.toThrow();
  });

  it('certifies another key, so a successor (or a counsellor key) carries the signer\'s certification', async () => {
    const signer = await unlockPrivateKey(first.encryptedPrivateKey, PASSPHRASE);
    const second = await generateOrganisationKey(userId, PASSPHRASE);
    const certified = await openpgp.readKey({ armoredKey: await certifyPublicKey(second.publicKey, signer) });
    const verdicts = await certified.verifyAllUsers([await openpgp.readKey({ armoredKey: first.publicKey })]);
    const byFirst = verdicts.filter((v) => v.keyID.equals(signer.getKeyID()));
    expect(byFirst).toEqual([expect.objectContaining({ valid: true })]);
    expect(certified.isPrivate()).toBe(false);
  });

  it('certifies a key once: certifying the certified copy again adds no duplicate', async () => {
    const signer = await unlockPrivateKey(first.encryptedPrivateKey, PASSPHRASE);
    const second = await generateOrganisationKey(userId, PASSPHRASE);
    const once = await certifyPublicKey(second.publicKey, signer);
    const twice = await openpgp.readKey({ armoredKey: await certifyPublicKey(once, signer) });
    expect(twice.users[0].otherCertifications).toHaveLength(1);
  });

  it('revokes the stored public key with its own private half, keeping its certifications', async () => {
    const signer = await unlockPrivateKey(first.encryptedPrivateKey, PASSPHRASE);
    const second = await generateOrganisationKey(userId, PASSPHRASE);
    const certified = await certifyPublicKey(second.publicKey, signer);
    const secondSigner = await unlockPrivateKey(second.encryptedPrivateKey, PASSPHRASE);
    for (const [reason, flag] of [['compromised', 2], ['superseded', 1]] as const) {
      const revoked = await openpgp.readKey({ armoredKey: await revokePublicKey(certified, secondSigner, reason, 'replaced by X') });
      expect(revoked.isPrivate()).toBe(false);
      await expect(revoked.isRevoked()).resolves.toBe(true);
      expect(revoked.revocationSignatures[0]).toMatchObject({ reasonForRevocationFlag: flag, reasonForRevocationString: 'replaced by X' });
      expect(revoked.users[0].otherCertifications).toHaveLength(1);
    }
    // The unlocked signer itself is left as it was.
    await expect(secondSigner.isRevoked()).resolves.toBe(false);
  });

  it('bundles several keys into one binary and one armoured key ring', async () => {
    const second = await generateOrganisationKey(userId, PASSPHRASE);
    const binary = await binaryKeyRing([second.publicKey, first.publicKey]);
    const fromBinary = await openpgp.readKeys({ binaryKeys: binary });
    expect(fromBinary.map((k) => k.getFingerprint().toUpperCase())).toEqual([second.fingerprint, first.fingerprint]);
    const fromArmour = await openpgp.readKeys({ armoredKeys: await armouredKeyRing([second.publicKey, first.publicKey]) });
    expect(fromArmour.map((k) => k.getFingerprint().toUpperCase())).toEqual([second.fingerprint, first.fingerprint]);
    expect(fromArmour.every((k) => !k.isPrivate())).toBe(true);
    // The CRC-24 line GnuPG 2.2 needs when the base64 ends without padding (T7071).
    expect(await armouredKeyRing([second.publicKey, first.publicKey])).toMatch(/\n=[A-Za-z0-9+/]{4}\n-----END PGP PUBLIC KEY BLOCK-----\n$/);
  });
});
