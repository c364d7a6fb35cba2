import * as openpgp from 'openpgp';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { caseWithThread, makeKey, putKey } from './attachments.fixtures.js';

describe('user OpenPGP keys (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const put = (user: TestUser, body: object) => t.http().put('/api/me/keys').set(bearer(user)).send(body);

  it('accepts a v4 Curve25519 key with a protected backup, and lists it for the owner and fellow participants only', async () => {
    const parent = await t.factories.user('parent');
    const counsellor = await t.factories.user('counsellor');
    const stranger = await t.factories.user('counsellor');
    const admin = await t.factories.user('admin');
    await caseWithThread(t, [counsellor, parent]);
    const key = await makeKey(parent.email);
    const res = await put(parent, { publicKey: key.armoredPublic, encryptedPrivateKey: key.armoredPrivate }).expect(200);
    expect(res.body).toEqual({ fingerprint: key.publicKey.getFingerprint().toUpperCase() });

    for (const viewer of [parent, counsellor]) {
      const list = await t.http().get(`/api/users/${parent.id}/keys`).set(bearer(viewer)).expect(200);
      expect(list.body).toHaveLength(1);
      expect(list.body[0]).toMatchObject({ fingerprint: res.body.fingerprint, retiredAt: null });
      const listed = await openpgp.readKey({ armoredKey: list.body[0].publicKey });
      expect(listed.getFingerprint()).toBe(key.publicKey.getFingerprint());
      expect(listed.isPrivate()).toBe(false);
    }
    for (const viewer of [stranger, admin]) {
      const refused = await t.http().get(`/api/users/${parent.id}/keys`).set(bearer(viewer)).expect(404);
      expect(refused.body.code).toBe('not_found');
    }
    // The owner gets the protected backup back; the server never opened it.
    const own = await t.http().get('/api/me/keys').set(bearer(parent)).expect(200);
    const backup = await openpgp.readPrivateKey({ armoredKey: own.body.encryptedPrivateKey });
    expect(backup.isDecrypted()).toBe(false);
    await openpgp.decryptKey({ privateKey: backup, passphrase: key.passphrase });
    const audit = await t.dataSource.query(`SELECT details FROM audit_event WHERE action = 'user_key.set' AND subject_id = $1`, [parent.id]);
    expect(audit).toEqual([{ details: { fingerprint: res.body.fingerprint, backup: true } }]);
  }, 90_000);

  it('accepts v6 Ed25519/X25519 keys and RSA 3072', async () => {
    const a = await t.factories.user('partner');
    await put(a, { publicKey: (await makeKey(a.email, { v6: true })).armoredPublic }).expect(200);
    const b = await t.factories.user('expert');
    await put(b, { publicKey: (await makeKey(b.email, { rsaBits: 3072 })).armoredPublic }).expect(200);
  }, 90_000);

  it('refuses weak, expired, revoked, non-encrypting and foreign keys with a clear code, storing nothing', async () => {
    const user = await t.factories.user('parent');
    const good = await makeKey(user.email);
    const expired = await openpgp.generateKey({
      type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: user.email }], keyExpirationTime: 60, date: new Date(Date.now() - 3600_000), format: 'armored',
    });
    const { publicKey: revoked } = await openpgp.revokeKey({ key: good.privateKey, format: 'armored' });
    const signOnly = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: user.email }], subkeys: [{ sign: true }], format: 'armored' });
    const nist = await openpgp.generateKey({ type: 'ecc', curve: 'nistP256', userIDs: [{ email: user.email }], format: 'armored' });
    const rsa2048 = await openpgp.generateKey({ type: 'rsa', rsaBits: 2048, userIDs: [{ email: user.email }], format: 'armored' });
    const otherEmail = await makeKey('someone-else@example.test');
    const twoKeys = good.armoredPublic + '\n' + otherEmail.armoredPublic;
    const unprotected = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: user.email }], format: 'armored' });
    const cases: [object, number, string][] = [
      [{ publicKey: 'not a key at all' }, 400, 'key_unreadable'],
      [{ publicKey: twoKeys }, 400, 'key_not_single'],
      [{ publicKey: good.armoredPrivate }, 400, 'key_is_private'],
      [{ publicKey: expired.publicKey }, 422, 'key_expired'],
      [{ publicKey: revoked }, 422, 'key_revoked'],
      [{ publicKey: signOnly.publicKey }, 422, 'key_cannot_encrypt'],
      [{ publicKey: nist.publicKey }, 422, 'key_algorithm_not_allowed'],
      [{ publicKey: rsa2048.publicKey }, 422, 'key_algorithm_not_allowed'],
      [{ publicKey: otherEmail.armoredPublic }, 422, 'key_email_mismatch'],
      [{ publicKey: unprotected.publicKey, encryptedPrivateKey: unprotected.privateKey }, 422, 'private_key_not_protected'],
      [{ publicKey: good.armoredPublic, encryptedPrivateKey: otherEmail.armoredPrivate }, 422, 'private_key_mismatch'],
      [{ publicKey: good.armoredPublic, encryptedPrivateKey: 'nope' }, 400, 'private_key_unreadable'],
      [{ publicKey: good.armoredPublic, extra: 1 }, 400, 'validation_failed'],
    ];
    for (const [body, status, code] of cases) {
      const res = await put(user, body);
      expect({ code, status: res.status, got: res.body.code }).toEqual({ code, status, got: code });
    }
    const rows = await t.dataSource.query(`SELECT count(*)::int AS n FROM user_key WHERE user_id = $1`, [user.id]);
    expect(rows[0].n).toBe(0);
  }, 90_000);

  it('rotates: the new key becomes current, the old one stays on record; re-sending the old key brings it back', async () => {
    const user = await t.factories.user('counsellor');
    const first = await makeKey(user.email);
    const second = await makeKey(user.email);
    const fp1 = await putKey(t, user, first);
    const fp2 = await putKey(t, user, second);
    const current = await t.http().get(`/api/users/${user.id}/keys`).set(bearer(user)).expect(200);
    expect(current.body.map((k: { fingerprint: string }) => k.fingerprint)).toEqual([fp2]);
    const all = await t.http().get(`/api/users/${user.id}/keys?includeRetired=true`).set(bearer(user)).expect(200);
    expect(all.body.map((k: { fingerprint: string; retiredAt: string | null }) => [k.fingerprint, k.retiredAt === null])).toEqual([[fp2, true], [fp1, false]]);
    // Same key again: no rotation.
    await putKey(t, user, second);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM user_key WHERE user_id = $1`, [user.id])).toEqual([{ n: 2 }]);
    await putKey(t, user, first);
    const back = await t.http().get(`/api/users/${user.id}/keys`).set(bearer(user)).expect(200);
    expect(back.body.map((k: { fingerprint: string }) => k.fingerprint)).toEqual([fp1]);
  }, 90_000);

  it('refuses a key that belongs to another account', async () => {
    const a = await t.factories.user('parent');
    const b = await t.factories.user('parent');
    const shared = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: a.email }, { email: b.email }], format: 'armored' });
    await put(a, { publicKey: shared.publicKey }).expect(200);
    const res = await put(b, { publicKey: shared.publicKey }).expect(409);
    expect(res.body.code).toBe('key_in_use');
  }, 90_000);
});
