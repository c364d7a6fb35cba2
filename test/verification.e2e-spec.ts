import * as openpgp from 'openpgp';
import { groupFingerprint } from '../src/verification/credential-statement.js';
import { wkdHash } from '../src/verification/wkd.js';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { GpgHome } from './verification.gpg.js';

const PASSPHRASE = 'e2e-organisation-key-passphrase';
const DAY = 86400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

describe('verified counsellor identity: organisation keys, WKD and credentials (e2e)', () => {
  let t: TestApp;
  let team: { id: string; name: string };
  let coordinator: TestUser;
  let counsellor: TestUser;
  const homes: GpgHome[] = [];
  const gpgHome = async () => {
    const home = await GpgHome.create();
    homes.push(home);
    return home;
  };

  beforeAll(async () => {
    t = await createTestApp({ ORG_KEY_PASSPHRASE: PASSPHRASE, PUBLIC_URL: 'https://eenverhaal.example' });
    team = await t.factories.organisation('support_team', 'Ondersteuningsteam Zwolle');
    coordinator = await t.factories.user('coordinator', { organisationId: team.id, displayName: 'Coco Coördinator' });
    counsellor = await t.factories.user('counsellor', { organisationId: team.id, displayName: 'Bas Begeleider' });
  });
  afterAll(async () => {
    for (const home of homes) await home.close();
    await t.close();
  });

  const issue = (issuer: TestUser, userId: string, validUntil = inDays(365)) =>
    t.http().put(`/api/counsellors/${userId}/credential`).set(bearer(issuer)).send({ validUntil });

  /** Over a real socket, as a partner's script would. */
  const fetchKey = async (organisationId: string) => {
    const response = await fetch(`${t.baseUrl}/api/organisations/${organisationId}/key`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/pgp-keys/);
    return response.text();
  };

  describe('credentials that gpg --verify accepts', () => {
    let statement: string;
    let organisationFingerprint: string;

    it('a coordinator issues a clear-signed credential for a counsellor of the team', async () => {
      const validUntil = inDays(365);
      const res = await issue(coordinator, counsellor.id, validUntil).expect(200);
      expect(res.body).toMatchObject({
        counsellorId: counsellor.id, validUntil, revokedAt: null, status: 'valid', counsellorKeyFingerprint: null,
      });
      expect(res.body.organisationFingerprint).toMatch(/^[0-9A-F]{40}$/);
      statement = res.body.statement;
      organisationFingerprint = res.body.organisationFingerprint;
      expect(statement).toMatch(/^-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n/);
      expect(statement).toContain('Naam / Name: Bas Begeleider\n');
      expect(statement).toContain('Rol / Role: procesbegeleider (counsellor)\n');
      expect(statement).toContain('Organisatie / Organisation: Ondersteuningsteam Zwolle\n');
      expect(statement).toContain(`Geldig tot / Valid until: ${validUntil}\n`);
      expect(statement).not.toContain(counsellor.email);
    });

    it('gpg --verify accepts the statement with the organisation key fetched over HTTP', async () => {
      const armoured = await fetchKey(team.id);
      expect(armoured).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
      expect(armoured).not.toMatch(/PRIVATE/);
      const home = await gpgHome();
      const imported = await home.importKeys(armoured);
      expect(imported.exitCode).toBe(0);
      const verdict = await home.verify(statement);
      expect({ exitCode: verdict.exitCode, stderr: verdict.stderr }).toMatchObject({ exitCode: 0 });
      expect(verdict.stdout).toMatch(/^\[GNUPG:\] GOODSIG [0-9A-F]{16} Ondersteuningsteam Zwolle <ondersteuningsteam-zwolle@eenverhaal\.example>$/m);
      expect(verdict.stdout).toContain(`[GNUPG:] VALIDSIG ${organisationFingerprint} `);
      expect(verdict.stderr).toContain('Good signature');
    });

    it('gpg --verify refuses a tampered statement', async () => {
      const home = await gpgHome();
      await home.importKeys(await fetchKey(team.id));
      for (const tampered of [
        statement.replace('Naam / Name: Bas Begeleider', 'Naam / Name: Eve Begeleider'),
        statement.replace(/Geldig tot \/ Valid until: \d{4}/, 'Geldig tot / Valid until: 2099'),
      ]) {
        expect(tampered).not.toBe(statement);
        const verdict = await home.verify(tampered);
        expect(verdict.exitCode).not.toBe(0);
        expect(verdict.stdout).toContain('[GNUPG:] BADSIG');
        expect(verdict.stdout).not.toContain('GOODSIG');
      }
    });

    it('the counsellor and the coordinator read the credential; another counsellor of the team does not', async () => {
      const own = await t.http().get(`/api/counsellors/${counsellor.id}/credential`).set(bearer(counsellor)).expect(200);
      expect(own.body).toMatchObject({ statement, organisationFingerprint, revokedAt: null, status: 'valid' });
      await t.http().get(`/api/counsellors/${counsellor.id}/credential`).set(bearer(coordinator)).expect(200);
      const colleague = await t.factories.user('counsellor', { organisationId: team.id });
      await t.http().get(`/api/counsellors/${counsellor.id}/credential`).set(bearer(colleague)).expect(404);
    });

    it('records issuing in the audit log, and stores the private key encrypted only', async () => {
      const events = await t.dataSource.query(`SELECT action, actor_user_id, details FROM audit_event WHERE subject_id = $1 ORDER BY seq`, [counsellor.id]);
      expect(events).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'credential.issued', actor_user_id: coordinator.id })]));
      const [row] = await t.dataSource.query(`SELECT encrypted_private_key, public_key FROM organisation_key WHERE organisation_id = $1`, [team.id]);
      const stored = await openpgp.readPrivateKey({ armoredKey: row.encrypted_private_key });
      expect(stored.isDecrypted()).toBe(false);
      expect(row.encrypted_private_key).not.toContain(PASSPHRASE);
      await expect(openpgp.decryptKey({ privateKey: stored, passphrase: 'not-the-passphrase-at-all' })).rejects.toThrow();
      const key = await openpgp.readKey({ armoredKey: row.public_key });
      expect(key.keyPacket.version).toBe(4);
      expect(key.getAlgorithmInfo()).toMatchObject({ algorithm: 'eddsaLegacy' });
    });
  });

  describe('Web Key Directory', () => {
    const email = 'ondersteuningsteam-zwolle@eenverhaal.example';
    let fingerprint: string;
    beforeAll(async () => {
      const key = await openpgp.readKey({ armoredKey: await fetchKey(team.id) });
      fingerprint = key.getFingerprint().toUpperCase();
      expect(key.getUserIDs()).toEqual([`Ondersteuningsteam Zwolle <${email}>`]);
    });

    it('hashes addresses as GnuPG does: the published test vector, and the organisation\'s address', async () => {
      const home = await gpgHome();
      // A throw-away key for the test vector's address, so GnuPG computes the vector's hash itself.
      const vector = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: 'Joe.Doe@Example.ORG' }], format: 'armored' });
      await home.importKeys(vector.publicKey);
      await home.importKeys(await fetchKey(team.id));
      const listing = (await home.run(['--with-wkd-hash', '--list-keys'])).stdout;
      expect(wkdHash('Joe.Doe')).toBe('iy9q119eutrkn8s1mk4r39qejnbu3n5q');
      expect(listing).toContain('iy9q119eutrkn8s1mk4r39qejnbu3n5q@example.org');
      expect(listing).toContain(`${wkdHash('ondersteuningsteam-zwolle')}@eenverhaal.example`);
    });

    it('serves the binary key by the direct method', async () => {
      const res = await fetch(`${t.baseUrl}/.well-known/openpgpkey/hu/${wkdHash('ondersteuningsteam-zwolle')}?l=ondersteuningsteam-zwolle`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/octet-stream');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(bytes[0] & 0x80).toBe(0x80); // an OpenPGP packet, not armour
      const keys = await openpgp.readKeys({ binaryKeys: bytes });
      expect(keys.map((k) => k.getFingerprint().toUpperCase())).toEqual([fingerprint]);
      expect(keys[0].isPrivate()).toBe(false);
      // GnuPG imports what WKD serves.
      const home = await gpgHome();
      expect((await home.importKeys(Buffer.from(bytes))).exitCode).toBe(0);
    });

    it('serves the same key by the advanced method, for its own domain only', async () => {
      const hash = wkdHash('ondersteuningsteam-zwolle');
      const direct = await t.http().get(`/.well-known/openpgpkey/hu/${hash}`).buffer(true).expect(200);
      const advanced = await t.http().get(`/.well-known/openpgpkey/eenverhaal.example/hu/${hash}`).buffer(true).expect(200);
      expect(Buffer.compare(advanced.body as Buffer, direct.body as Buffer)).toBe(0);
      await t.http().get(`/.well-known/openpgpkey/EenVerhaal.Example/hu/${hash}`).expect(200);
      await t.http().get(`/.well-known/openpgpkey/elders.example/hu/${hash}`).expect(404);
    });

    it('publishes the policy files and answers 404 for unknown or malformed hashes', async () => {
      const policy = await t.http().get('/.well-known/openpgpkey/policy').expect(200);
      expect(policy.text).toBe('');
      await t.http().get('/.well-known/openpgpkey/eenverhaal.example/policy').expect(200);
      await t.http().get('/.well-known/openpgpkey/elders.example/policy').expect(404);
      await t.http().get(`/.well-known/openpgpkey/hu/${wkdHash('niemand')}`).expect(404);
      await t.http().get('/.well-known/openpgpkey/hu/not-a-hash').expect(404);
      await t.http().get('/.well-known/openpgpkey/hu/iy9q119eutrkn8s1mk4r39qejnbu3n5l').expect(404); // 'l' is not z-base-32
    });
  });

  describe('key rotation', () => {
    it('certifies the new key with the old; statements signed by the old key still verify', async () => {
      const rotatingTeam = await t.factories.organisation('support_team', 'Ondersteuningsteam Rotatie');
      const teamCoordinator = await t.factories.user('coordinator', { organisationId: rotatingTeam.id });
      const teamCounsellor = await t.factories.user('counsellor', { organisationId: rotatingTeam.id });
      const before = (await issue(teamCoordinator, teamCounsellor.id).expect(200)).body;

      const rotation = await t.http().post(`/api/organisations/${rotatingTeam.id}/key/rotate`).set(bearer(teamCoordinator)).expect(201);
      expect(rotation.body).toMatchObject({ organisationId: rotatingTeam.id, previousFingerprint: before.organisationFingerprint });
      expect(rotation.body.fingerprint).not.toBe(before.organisationFingerprint);

      const after = (await issue(teamCoordinator, teamCounsellor.id).expect(200)).body;
      expect(after.organisationFingerprint).toBe(rotation.body.fingerprint);

      // A partner who fetches the key now gets both keys, current first.
      const armoured = await fetchKey(rotatingTeam.id);
      const keys = await openpgp.readKeys({ armoredKeys: armoured });
      expect(keys.map((k) => k.getFingerprint().toUpperCase())).toEqual([rotation.body.fingerprint, before.organisationFingerprint]);
      const home = await gpgHome();
      await home.importKeys(armoured);
      const old = await home.verify(before.statement);
      expect(old.exitCode).toBe(0);
      expect(old.stdout).toContain(`[GNUPG:] VALIDSIG ${before.organisationFingerprint} `);
      const current = await home.verify(after.statement);
      expect(current.exitCode).toBe(0);
      expect(current.stdout).toContain(`[GNUPG:] VALIDSIG ${rotation.body.fingerprint} `);
      // GnuPG shows the old key's certification on the new key.
      const sigs = await home.run(['--check-sigs', '--with-colons', rotation.body.fingerprint]);
      const oldKeyId = before.organisationFingerprint.slice(-16);
      expect(sigs.stdout).toMatch(new RegExp(`^sig:!::22:${oldKeyId}:`, 'm'));

      const events = await t.dataSource.query(`SELECT action FROM audit_event WHERE subject_id = $1 AND action = 'organisation_key.rotated'`, [rotatingTeam.id]);
      expect(events).toHaveLength(1);
    });

    it('only a coordinator of the team rotates its key', async () => {
      await t.http().post(`/api/organisations/${team.id}/key/rotate`).set(bearer(counsellor)).expect(403);
      const otherCoordinator = await t.factories.user('coordinator');
      await t.http().post(`/api/organisations/${team.id}/key/rotate`).set(bearer(otherCoordinator)).expect(404);
      await t.http().post(`/api/organisations/${team.id}/key/rotate`).set(bearer(await t.factories.user('admin'))).expect(403);
    });
  });

  describe('who may issue and revoke', () => {
    it('refuses parents, partners, admins and counsellors (also for themselves) with 403', async () => {
      const target = await t.factories.user('counsellor', { organisationId: team.id });
      for (const role of ['parent', 'partner', 'admin', 'expert', 'foster_parent', 'child'] as const) {
        const res = await issue(await t.factories.user(role), target.id).expect(403);
        expect(res.body.code).toBe('forbidden');
      }
      await issue(target, target.id).expect(403);
      await issue(counsellor, target.id).expect(403);
      await t.http().delete(`/api/counsellors/${counsellor.id}/credential`).set(bearer(counsellor)).expect(403);
    });

    it('answers 404 to a coordinator of another team, for issuing, reading and revoking', async () => {
      const other = await t.factories.user('coordinator');
      const res = await issue(other, counsellor.id).expect(404);
      expect(res.body.code).toBe('not_found');
      await t.http().get(`/api/counsellors/${counsellor.id}/credential`).set(bearer(other)).expect(404);
      await t.http().delete(`/api/counsellors/${counsellor.id}/credential`).set(bearer(other)).expect(404);
      // Nothing changed: the credential is still valid.
      const still = await t.http().get(`/api/counsellors/${counsellor.id}/credential`).set(bearer(coordinator)).expect(200);
      expect(still.body.status).toBe('valid');
    });

    it('refuses a credential for a non-counsellor or for oneself, with a clear code', async () => {
      const colleague = await t.factories.user('coordinator', { organisationId: team.id });
      expect((await issue(coordinator, colleague.id).expect(422)).body.code).toBe('not_a_counsellor');
      expect((await issue(coordinator, coordinator.id).expect(403)).body.code).toBe('own_credential');
      const partner = await t.factories.user('partner');
      await issue(coordinator, partner.id).expect(404);
      const disabled = await t.factories.user('counsellor', { organisationId: team.id });
      await t.dataSource.query(`UPDATE app_user SET disabled_at = now() WHERE id = $1`, [disabled.id]);
      expect((await issue(coordinator, disabled.id).expect(422)).body.code).toBe('account_disabled');
    });

    it('refuses past, too distant and malformed validity dates, naming the field', async () => {
      const target = await t.factories.user('counsellor', { organisationId: team.id });
      const past = await issue(coordinator, target.id, inDays(-1)).expect(400);
      expect(past.body).toMatchObject({ code: 'valid_until_in_past', field: 'validUntil' });
      expect((await issue(coordinator, target.id, new Date().toISOString()).expect(400)).body.code).toBe('valid_until_in_past');
      expect((await issue(coordinator, target.id, inDays(3 * 365)).expect(400)).body.code).toBe('valid_until_too_far');
      for (const validUntil of ['volgend jaar', '2027-13-01T00:00:00Z', 20270101, null]) {
        const res = await t.http().put(`/api/counsellors/${target.id}/credential`).set(bearer(coordinator)).send({ validUntil }).expect(400);
        expect(res.body.fields).toEqual(['validUntil']);
      }
      const extra = await t.http().put(`/api/counsellors/${target.id}/credential`).set(bearer(coordinator)).send({ validUntil: inDays(30), role: 'coordinator' }).expect(400);
      expect(extra.body.message.join(' ')).toContain('role');
      await t.http().put('/api/counsellors/not-a-uuid/credential').set(bearer(coordinator)).send({ validUntil: inDays(30) }).expect(400);
      // None of the refusals left a credential behind.
      expect((await t.http().get(`/api/counsellors/${target.id}/credential`).set(bearer(coordinator)).expect(404)).body.code).toBe('no_credential');
    });

    it('a new credential supersedes the current one', async () => {
      const target = await t.factories.user('counsellor', { organisationId: team.id });
      const first = (await issue(coordinator, target.id, inDays(30)).expect(200)).body;
      const second = (await issue(coordinator, target.id, inDays(60)).expect(200)).body;
      expect(second.id).not.toBe(first.id);
      const current = await t.http().get(`/api/counsellors/${target.id}/credential`).set(bearer(target)).expect(200);
      expect(current.body).toMatchObject({ id: second.id, status: 'valid' });
      const [old] = await t.dataSource.query(`SELECT revocation_reason FROM counsellor_credential WHERE id = $1`, [first.id]);
      expect(old.revocation_reason).toBe('superseded');
    });

    it('revokes at once; revoking again is a conflict; no credential is a 404', async () => {
      const target = await t.factories.user('counsellor', { organisationId: team.id });
      await issue(coordinator, target.id).expect(200);
      const revoked = await t.http().delete(`/api/counsellors/${target.id}/credential`).set(bearer(coordinator)).expect(200);
      expect(revoked.body.status).toBe('revoked');
      expect(Date.parse(revoked.body.revokedAt)).toBeGreaterThan(Date.now() - 60_000);
      const read = await t.http().get(`/api/counsellors/${target.id}/credential`).set(bearer(target)).expect(200);
      expect(read.body).toMatchObject({ status: 'revoked', revokedAt: revoked.body.revokedAt });
      const again = await t.http().delete(`/api/counsellors/${target.id}/credential`).set(bearer(coordinator)).expect(409);
      expect(again.body.code).toBe('credential_already_revoked');
      const never = await t.factories.user('counsellor', { organisationId: team.id });
      expect((await t.http().delete(`/api/counsellors/${never.id}/credential`).set(bearer(coordinator)).expect(404)).body.code).toBe('no_credential');
      const events = await t.dataSource.query(`SELECT action FROM audit_event WHERE subject_id = $1 ORDER BY seq`, [target.id]);
      expect(events.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['credential.issued', 'credential.revoked']));
    });
  });

  describe('counsellor keys (the hook the attachments module fills)', () => {
    /**
     * Stores a counsellor's public key in `user_key`: the attachments module's table when it exists,
     * otherwise a minimal stand-in, so this module's behaviour is tested either way.
     */
    const storeUserKey = async (userId: string, key: openpgp.PrivateKey) => {
      const db = t.dataSource;
      const [{ present }] = await db.query(`SELECT to_regclass('user_key') IS NOT NULL AS present`);
      if (!present) {
        await db.query(`CREATE TABLE user_key (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), user_id uuid NOT NULL,
          fingerprint text NOT NULL, public_key text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), retired_at timestamptz)`);
      }
      const subkey = key.getSubkeys()[0];
      const known: Record<string, unknown> = {
        user_id: userId,
        fingerprint: key.getFingerprint().toUpperCase(),
        public_key: key.toPublic().armor(),
        key_version: 4,
        algorithm: 'eddsaLegacy',
        encryption_fingerprints: [subkey.getFingerprint().toUpperCase()],
        encryption_key_ids: [subkey.getKeyID().toHex().toUpperCase()],
      };
      const columns: { column_name: string; required: boolean }[] = await db.query(
        `SELECT column_name, (is_nullable = 'NO' AND column_default IS NULL) AS required
           FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'user_key'`);
      const unknownRequired = columns.filter((c) => c.required && !(c.column_name in known)).map((c) => c.column_name);
      if (unknownRequired.length) throw new Error(`user_key has required columns this test does not fill: ${unknownRequired.join(', ')}`);
      const used = columns.map((c) => c.column_name).filter((c) => c in known);
      await db.query(`INSERT INTO user_key (${used.join(', ')}) VALUES (${used.map((_, i) => `$${i + 1}`).join(', ')})`, used.map((c) => known[c]));
    };

    it('names the counsellor\'s key in the statement, and the team key certifies it so GnuPG shows it', async () => {
      const target = await t.factories.user('counsellor', { organisationId: team.id, displayName: 'Kees Sleutelhouder' });
      const { privateKey } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: target.displayName, email: target.email }], format: 'object' });
      const fingerprint = privateKey.getFingerprint().toUpperCase();
      await storeUserKey(target.id, privateKey);

      const res = await issue(coordinator, target.id).expect(200);
      expect(res.body.counsellorKeyFingerprint).toBe(fingerprint);
      expect(res.body.statement).toContain(`Counsellor's key: ${groupFingerprint(fingerprint)}\n`);

      // Issuing the credential certified the stored key: anyone who may fetch it gets the certified key.
      const organisationFingerprint: string = res.body.organisationFingerprint;
      const published = await t.http().get(`/api/users/${target.id}/keys`).set(bearer(target)).expect(200);
      const certifiedKey: string = published.body[0].publicKey;
      expect(published.body[0].fingerprint.toUpperCase()).toBe(fingerprint);
      expect(certifiedKey).not.toMatch(/PRIVATE/);
      const home = await gpgHome();
      await home.importKeys(await fetchKey(team.id));
      await home.importKeys(certifiedKey);
      const sigs = await home.run(['--check-sigs', '--with-colons', fingerprint]);
      expect(sigs.stdout).toMatch(new RegExp(`^sig:!::22:${organisationFingerprint.slice(-16)}:`, 'm'));
      expect((await home.verify(res.body.statement)).exitCode).toBe(0);
    });
  });

  describe('GET /api/organisations/:id/key', () => {
    it('answers 404 for organisations that are not support teams, and for unknown ones; 400 for a malformed id', async () => {
      const partnerOrganisation = await t.factories.organisation('youth_protection');
      expect((await t.http().get(`/api/organisations/${partnerOrganisation.id}/key`).expect(404)).body.code).toBe('no_organisation_key');
      await t.http().get(`/api/organisations/${t.factories.randomId()}/key`).expect(404);
      await t.http().get('/api/organisations/abc/key').expect(400);
    });

    it('creates a team\'s key on first need, once, even when asked concurrently', async () => {
      const fresh = await t.factories.organisation('support_team', 'Ondersteuningsteam Vers');
      const answers = await Promise.all(Array.from({ length: 4 }, () => t.http().get(`/api/organisations/${fresh.id}/key`)));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
      expect(new Set(answers.map((a) => a.text)).size).toBe(1);
      const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM organisation_key WHERE organisation_id = $1`, [fresh.id]);
      expect(count).toBe(1);
    });

    it('gives two teams of the same name different addresses', async () => {
      const a = await t.factories.organisation('support_team', 'Ondersteuningsteam Tweeling');
      const b = await t.factories.organisation('support_team', 'Ondersteuningsteam Tweeling');
      const [keyA] = await openpgp.readKeys({ armoredKeys: await fetchKey(a.id) });
      const [keyB] = await openpgp.readKeys({ armoredKeys: await fetchKey(b.id) });
      expect(keyA.getUserIDs()[0]).not.toBe(keyB.getUserIDs()[0]);
    });
  });
});
