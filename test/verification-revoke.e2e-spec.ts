import * as openpgp from 'openpgp';
import { organisationKeyLocalPart } from '../src/verification/organisation-keys.service.js';
import { wkdHash } from '../src/verification/wkd.js';
import { makeKey, putKey } from './attachments.fixtures.js';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { GpgHome } from './verification.gpg.js';

const PASSPHRASE = 'e2e-organisation-key-revocation-passphrase';
const DAY = 86400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

/** `gpg --list-keys --with-colons`: each primary key's fingerprint with its validity field ('r' = revoked). */
async function validities(home: GpgHome): Promise<Map<string, string>> {
  const listing = (await home.run(['--list-keys', '--with-colons'])).stdout.split('\n');
  const found = new Map<string, string>();
  let pendingValidity: string | null = null;
  for (const line of listing) {
    const fields = line.split(':');
    if (fields[0] === 'pub') pendingValidity = fields[1];
    else if (fields[0] === 'fpr' && pendingValidity !== null) {
      found.set(fields[9], pendingValidity);
      pendingValidity = null;
    }
  }
  return found;
}

describe('revoking a support team\'s organisation key (e2e, real GnuPG)', () => {
  let t: TestApp;
  const homes: GpgHome[] = [];
  const gpgHome = async () => {
    const home = await GpgHome.create();
    homes.push(home);
    return home;
  };

  beforeAll(async () => {
    t = await createTestApp({ ORG_KEY_PASSPHRASE: PASSPHRASE, PUBLIC_URL: 'https://eenverhaal.example' });
  });
  afterAll(async () => {
    for (const home of homes) await home.close();
    await t.close();
  });

  const issue = (issuer: TestUser, userId: string, validUntil = inDays(365)) =>
    t.http().put(`/api/counsellors/${userId}/credential`).set(bearer(issuer)).send({ validUntil });
  const revoke = (caller: TestUser, organisationId: string, body: object) =>
    t.http().post(`/api/organisations/${organisationId}/key/revoke`).set(bearer(caller)).send(body);
  const credentialOf = async (viewer: TestUser, userId: string) =>
    (await t.http().get(`/api/counsellors/${userId}/credential`).set(bearer(viewer)).expect(200)).body;
  const newCode = async (counsellor: TestUser): Promise<string> =>
    (await t.http().post('/api/verification/codes').set(bearer(counsellor)).expect(201)).body.code;
  const check = async (code: string) => (await t.http().get(`/api/verify/${code}`).expect(200)).body;
  /** Over a real socket, as a partner's script would. */
  const fetchKey = async (organisationId: string) => {
    const response = await fetch(`${t.baseUrl}/api/organisations/${organisationId}/key`);
    expect(response.status).toBe(200);
    return response.text();
  };

  describe('compromised', () => {
    let team: { id: string; name: string };
    let coordinator: TestUser;
    /** Has their own OpenPGP key, named in the credential. */
    let keyHolder: TestUser;
    let counsellorKeyFingerprint: string;
    /** Credential issued under the team's first key, before a routine rotation. */
    let veteran: TestUser;
    let disabled: TestUser;
    let revokedEarlier: TestUser;
    let firstKey: string;
    let compromisedKey: string;
    let before: Record<string, { id: string; statement: string; validUntil: string; organisationFingerprint: string }>;
    let codeBefore: string;
    let revocation: Record<string, unknown> & { fingerprint: string; revokedFingerprints: string[] };

    beforeAll(async () => {
      team = await t.factories.organisation('support_team', 'Ondersteuningsteam Lekkage');
      coordinator = await t.factories.user('coordinator', { organisationId: team.id });
      keyHolder = await t.factories.user('counsellor', { organisationId: team.id, displayName: 'Kim Sleutel' });
      veteran = await t.factories.user('counsellor', { organisationId: team.id, displayName: 'Vera Veteraan' });
      disabled = await t.factories.user('counsellor', { organisationId: team.id });
      revokedEarlier = await t.factories.user('counsellor', { organisationId: team.id });

      const veteranCredential = (await issue(coordinator, veteran.id, inDays(200)).expect(200)).body;
      firstKey = veteranCredential.organisationFingerprint;
      compromisedKey = (await t.http().post(`/api/organisations/${team.id}/key/rotate`).set(bearer(coordinator)).expect(201)).body.fingerprint;

      counsellorKeyFingerprint = await putKey(t, keyHolder, await makeKey(keyHolder.email, { name: 'Kim Sleutel' }));
      const keyHolderCredential = (await issue(coordinator, keyHolder.id, inDays(300)).expect(200)).body;
      expect(keyHolderCredential).toMatchObject({ organisationFingerprint: compromisedKey, counsellorKeyFingerprint });
      await issue(coordinator, disabled.id).expect(200);
      await issue(coordinator, revokedEarlier.id).expect(200);
      await t.http().delete(`/api/counsellors/${revokedEarlier.id}/credential`).set(bearer(coordinator)).expect(200);
      await t.dataSource.query(`UPDATE app_user SET disabled_at = now() WHERE id = $1`, [disabled.id]);
      before = { veteran: veteranCredential, keyHolder: keyHolderCredential };
      codeBefore = await newCode(keyHolder);
      expect(await check(codeBefore)).toMatchObject({ valid: true });

      const res = await revoke(coordinator, team.id, { reason: 'compromised', note: 'Databasedump gelekt' }).expect(201);
      revocation = res.body;
    }, 120_000);

    it('answers with the new key, the revoked keys (retired ones too) and what happened to the credentials', () => {
      expect(revocation).toMatchObject({
        organisationId: team.id,
        reason: 'compromised',
        previousFingerprint: compromisedKey,
        revokedFingerprints: [compromisedKey, firstKey],
        // keyHolder, veteran and the disabled counsellor; the revoked one was revoked already.
        credentialsRevoked: 3,
        credentialsReissued: 2,
      });
      expect(revocation.fingerprint).toMatch(/^[0-9A-F]{40}$/);
      expect([compromisedKey, firstKey]).not.toContain(revocation.fingerprint);
    });

    it('(a) publishes the revoked keys with the new one over HTTP: GnuPG lists them as revoked (validity r)', async () => {
      const armoured = await fetchKey(team.id);
      const keys = await openpgp.readKeys({ armoredKeys: armoured });
      expect(keys.map((k) => k.getFingerprint().toUpperCase())).toEqual([revocation.fingerprint, compromisedKey, firstKey]);
      expect(keys[1].revocationSignatures[0].reasonForRevocationFlag).toBe(openpgp.enums.reasonForRevocation.keyCompromised);
      // The coordinator's note is for the team's record, never published.
      expect(keys[1].revocationSignatures[0].reasonForRevocationString).toBe(`Vervangen door / replaced by ${revocation.fingerprint}`);

      const home = await gpgHome();
      expect((await home.importKeys(armoured)).exitCode).toBe(0);
      const listed = await validities(home);
      expect(listed.get(compromisedKey)).toBe('r');
      expect(listed.get(firstKey)).toBe('r');
      expect(listed.get(revocation.fingerprint)).not.toBe('r');
      // The new key is NOT certified by a compromised key: a thief could make the same certification.
      const sigs = (await home.run(['--check-sigs', '--with-colons', revocation.fingerprint])).stdout;
      expect(sigs).not.toContain(compromisedKey.slice(-16));
      expect(sigs).not.toContain(firstKey.slice(-16));
    });

    it('(a) a partner who refreshes an older copy of the key from WKD sees it revoked', async () => {
      const home = await gpgHome();
      // The partner imported the key before the compromise and trusted statements signed by it.
      await home.importKeys(await keyAsItWas(compromisedKey));
      expect((await validities(home)).get(compromisedKey)).not.toBe('r');
      const hash = wkdHash(organisationKeyLocalPart(team.name, team.id));
      const res = await fetch(`${t.baseUrl}/.well-known/openpgpkey/hu/${hash}`);
      expect(res.status).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect((await openpgp.readKeys({ binaryKeys: bytes })).map((k) => k.getFingerprint().toUpperCase()))
        .toEqual([revocation.fingerprint, compromisedKey, firstKey]);
      expect((await home.importKeys(bytes)).exitCode).toBe(0);
      const listed = await validities(home);
      expect(listed.get(compromisedKey)).toBe('r');
      expect(listed.get(firstKey)).toBe('r');
      expect(listed.get(revocation.fingerprint)).not.toBe('r');
    });

    it('(b) gpg reports the old statements as made by a revoked key', async () => {
      const home = await gpgHome();
      await home.importKeys(await fetchKey(team.id));
      for (const old of [before.keyHolder, before.veteran]) {
        const verdict = await home.verify(old.statement);
        expect(verdict.stdout).toMatch(/^\[GNUPG:\] (REVKEYSIG|KEYREVOKED)/m);
        expect(verdict.stdout).not.toMatch(/^\[GNUPG:\] GOODSIG/m);
        expect(verdict.stderr).toContain('This key has been revoked');
      }
    });

    it('(c) re-issues each still-valid credential with the new key and the same validUntil; gpg verifies it cleanly', async () => {
      const home = await gpgHome();
      await home.importKeys(await fetchKey(team.id));
      for (const [user, old] of [[keyHolder, before.keyHolder], [veteran, before.veteran]] as const) {
        const current = await credentialOf(user, user.id);
        expect(current).toMatchObject({ status: 'valid', validUntil: old.validUntil, organisationFingerprint: revocation.fingerprint, revokedAt: null });
        expect(current.id).not.toBe(old.id);
        expect(current.statement).toContain(`Verklaring / Statement: ${current.id}\n`);
        const verdict = await home.verify(current.statement);
        expect({ exitCode: verdict.exitCode, stderr: verdict.stderr }).toMatchObject({ exitCode: 0 });
        expect(verdict.stdout).toMatch(/^\[GNUPG:\] GOODSIG /m);
        expect(verdict.stdout).toContain(`[GNUPG:] VALIDSIG ${revocation.fingerprint} `);
        expect(verdict.stdout).not.toMatch(/REVKEYSIG|KEYREVOKED/);
      }
      // The same counsellor key as before, now certified by the new team key too.
      const reissued = await credentialOf(keyHolder, keyHolder.id);
      expect(reissued.counsellorKeyFingerprint).toBe(counsellorKeyFingerprint);
      const published = await t.http().get(`/api/users/${keyHolder.id}/keys`).set(bearer(keyHolder)).expect(200);
      expect(published.body[0]).toMatchObject({ fingerprint: counsellorKeyFingerprint, certifiedBy: revocation.fingerprint });
      await home.importKeys(published.body[0].publicKey);
      const sigs = (await home.run(['--check-sigs', '--with-colons', counsellorKeyFingerprint])).stdout;
      expect(sigs).toMatch(new RegExp(`^sig:!::22:${revocation.fingerprint.slice(-16)}:`, 'm'));
    });

    it('revokes, without re-issuing, the credential of a counsellor who was disabled; leaves an earlier revocation as it was', async () => {
      const rows: { counsellor_id: string; revocation_reason: string | null }[] = await t.dataSource.query(
        `SELECT counsellor_id, revocation_reason FROM counsellor_credential WHERE counsellor_id = ANY($1::uuid[]) ORDER BY issued_at`,
        [[disabled.id, revokedEarlier.id]]);
      expect(rows.filter((r) => r.counsellor_id === disabled.id)).toEqual([{ counsellor_id: disabled.id, revocation_reason: 'key_compromised' }]);
      expect(rows.filter((r) => r.counsellor_id === revokedEarlier.id)).toEqual([{ counsellor_id: revokedEarlier.id, revocation_reason: 'revoked' }]);
      // No credential signed by a revoked key is still in force.
      const [{ count }] = await t.dataSource.query(
        `SELECT count(*)::int AS count FROM counsellor_credential c JOIN organisation_key k ON k.id = c.organisation_key_id
          WHERE k.organisation_id = $1 AND k.revoked_at IS NOT NULL AND c.revoked_at IS NULL`, [team.id]);
      expect(count).toBe(0);
    });

    it('(d) a code shown before the revocation answers revoked; a fresh code answers valid', async () => {
      expect(await check(codeBefore)).toEqual({ valid: false, reason: 'revoked' });
      const fresh = await newCode(keyHolder);
      expect(await check(fresh)).toMatchObject({
        valid: true, counsellor: { displayName: 'Kim Sleutel' }, credentialValidUntil: before.keyHolder.validUntil,
      });
    });

    it('(g) records the revocation, the new key and every credential revoked and re-issued in the audit log; the note stays with the key', async () => {
      const [event] = await t.dataSource.query(
        `SELECT actor_user_id, details FROM audit_event WHERE action = 'organisation_key.revoked' AND subject_id = $1`, [team.id]);
      expect(event).toEqual({
        actor_user_id: coordinator.id,
        details: {
          reason: 'compromised', fingerprint: compromisedKey, revokedFingerprints: [compromisedKey, firstKey], newFingerprint: revocation.fingerprint,
          credentialsRevoked: 3, credentialsReissued: 2, withNote: true,
        },
      });
      const created = await t.dataSource.query(
        `SELECT details FROM audit_event WHERE action = 'organisation_key.created' AND subject_id = $1 AND details->>'fingerprint' = $2`,
        [team.id, revocation.fingerprint]);
      expect(created).toEqual([{ details: { fingerprint: revocation.fingerprint, predecessorFingerprint: compromisedKey, certifiedByPredecessor: false } }]);
      const credentialEvents: { action: string; subject_id: string; details: Record<string, unknown> }[] = await t.dataSource.query(
        `SELECT action, subject_id, details FROM audit_event
          WHERE action IN ('credential.revoked', 'credential.issued') AND actor_user_id = $1 AND seq > (
            SELECT seq FROM audit_event WHERE action = 'organisation_key.created' AND details->>'fingerprint' = $2)
          ORDER BY seq`,
        [coordinator.id, revocation.fingerprint]);
      expect(credentialEvents.filter((e) => e.action === 'credential.revoked').map((e) => e.subject_id).sort())
        .toEqual([keyHolder.id, veteran.id, disabled.id].sort());
      expect(credentialEvents.filter((e) => e.action === 'credential.revoked').every((e) => e.details.reason === 'key_compromised')).toBe(true);
      expect(credentialEvents.filter((e) => e.action === 'credential.issued')).toEqual(expect.arrayContaining([
        expect.objectContaining({ subject_id: keyHolder.id, details: expect.objectContaining({ reissues: before.keyHolder.id, organisationKeyFingerprint: revocation.fingerprint }) }),
        expect.objectContaining({ subject_id: veteran.id, details: expect.objectContaining({ reissues: before.veteran.id }) }),
      ]));
      const everything = JSON.stringify(await t.dataSource.query(`SELECT details FROM audit_event`));
      expect(everything).not.toContain('Databasedump');
      const [key] = await t.dataSource.query(`SELECT revocation_reason, revocation_note, revoked_at IS NOT NULL AS revoked FROM organisation_key WHERE fingerprint = $1`, [compromisedKey]);
      expect(key).toEqual({ revocation_reason: 'compromised', revocation_note: 'Databasedump gelekt', revoked: true });
    });

    it('signs new credentials with the new key, and the team can rotate and revoke again', async () => {
      const newcomer = await t.factories.user('counsellor', { organisationId: team.id });
      expect((await issue(coordinator, newcomer.id).expect(200)).body.organisationFingerprint).toBe(revocation.fingerprint);
      const rotation = await t.http().post(`/api/organisations/${team.id}/key/rotate`).set(bearer(coordinator)).expect(201);
      expect(rotation.body.previousFingerprint).toBe(revocation.fingerprint);
    });

    /** The compromised key as partners had it before: from the stored copy, without its revocation. */
    async function keyAsItWas(fingerprint: string): Promise<string> {
      const [row] = await t.dataSource.query(`SELECT public_key FROM organisation_key WHERE fingerprint = $1`, [fingerprint]);
      const key = await openpgp.readKey({ armoredKey: row.public_key });
      key.revocationSignatures = [];
      return key.armor();
    }
  });

  describe('superseded', () => {
    it('(e) revokes the current key only; credentials it signed and their codes stay valid', async () => {
      const team = await t.factories.organisation('support_team', 'Ondersteuningsteam Opvolging');
      const coordinator = await t.factories.user('coordinator', { organisationId: team.id });
      const counsellor = await t.factories.user('counsellor', { organisationId: team.id, displayName: 'Otto Opvolger' });
      const firstKey = (await openpgp.readKey({ armoredKey: await fetchKey(team.id) })).getFingerprint().toUpperCase();
      const retired = (await t.http().post(`/api/organisations/${team.id}/key/rotate`).set(bearer(coordinator)).expect(201)).body;
      expect(retired.previousFingerprint).toBe(firstKey);
      const credential = (await issue(coordinator, counsellor.id, inDays(120)).expect(200)).body;
      const code = await newCode(counsellor);

      const res = await revoke(coordinator, team.id, { reason: 'superseded' }).expect(201);
      expect(res.body).toMatchObject({
        reason: 'superseded', previousFingerprint: retired.fingerprint, revokedFingerprints: [retired.fingerprint],
        credentialsRevoked: 0, credentialsReissued: 0,
      });

      // Honestly signed: the credential and the code shown under it stay valid until they expire.
      expect(await credentialOf(coordinator, counsellor.id)).toMatchObject({ id: credential.id, status: 'valid', revokedAt: null, organisationFingerprint: retired.fingerprint });
      expect(await check(code)).toMatchObject({ valid: true, credentialValidUntil: credential.validUntil });
      expect(await check(await newCode(counsellor))).toMatchObject({ valid: true });

      const armoured = await fetchKey(team.id);
      const keys = await openpgp.readKeys({ armoredKeys: armoured });
      expect(keys.map((k) => k.getFingerprint().toUpperCase())).toEqual([res.body.fingerprint, retired.fingerprint, firstKey]);
      expect(keys[1].revocationSignatures[0].reasonForRevocationFlag).toBe(openpgp.enums.reasonForRevocation.keySuperseded);
      const home = await gpgHome();
      await home.importKeys(armoured);
      const listed = await validities(home);
      expect(listed.get(retired.fingerprint)).toBe('r');
      // Only the current key: the one retired by the earlier rotation was not compromised.
      expect(listed.get(firstKey)).not.toBe('r');
      expect(listed.get(res.body.fingerprint)).not.toBe('r');
      // As in a rotation, the superseded key certifies its successor. (GnuPG 2.2 and openpgp.js disregard
      // certifications by a revoked key, soft revocation or not; tools that honour it show the chain.)
      const certifiers = keys[0].users[0].otherCertifications.map((sig) => sig.issuerKeyID.toHex().toUpperCase());
      expect(certifiers).toEqual([retired.fingerprint.slice(-16)]);
      // GnuPG 2.2 knows no "soft" revocation: it still warns on statements by the superseded key.
      const verdict = await home.verify(credential.statement);
      expect(verdict.stdout).toContain(`[GNUPG:] VALIDSIG ${retired.fingerprint} `);
      expect(verdict.stdout).toMatch(/REVKEYSIG|KEYREVOKED/);

      // A new credential is signed with the new key.
      expect((await issue(coordinator, counsellor.id).expect(200)).body.organisationFingerprint).toBe(res.body.fingerprint);
      const [event] = await t.dataSource.query(`SELECT details FROM audit_event WHERE action = 'organisation_key.revoked' AND subject_id = $1`, [team.id]);
      expect(event.details).toMatchObject({ reason: 'superseded', credentialsRevoked: 0, withNote: false });
    }, 90_000);
  });

  describe('refusals', () => {
    let team: { id: string; name: string };
    let coordinator: TestUser;
    beforeAll(async () => {
      team = await t.factories.organisation('support_team', 'Ondersteuningsteam Weigering');
      coordinator = await t.factories.user('coordinator', { organisationId: team.id });
      const counsellor = await t.factories.user('counsellor', { organisationId: team.id });
      await issue(coordinator, counsellor.id).expect(200);
    });

    it('(f) refuses bad input with 400 naming the field, and writes nothing', async () => {
      const keyBefore = await fetchKey(team.id);
      const cases: [object, string][] = [
        [{}, 'reason'],
        [{ reason: 'stolen' }, 'reason'],
        [{ reason: 'Compromised' }, 'reason'],
        [{ reason: ['compromised'] }, 'reason'],
        [{ reason: 'compromised', note: 'x'.repeat(501) }, 'note'],
        [{ reason: 'compromised', note: 42 }, 'note'],
      ];
      for (const [body, field] of cases) {
        const res = await revoke(coordinator, team.id, body).expect(400);
        expect({ body, code: res.body.code, fields: res.body.fields }).toEqual({ body, code: 'validation_failed', fields: [field] });
        expect(res.body.message.join(' ')).toContain(field);
      }
      const extra = await revoke(coordinator, team.id, { reason: 'compromised', revokeAll: true }).expect(400);
      expect(extra.body.message.join(' ')).toContain('revokeAll');
      await t.http().post('/api/organisations/not-a-uuid/key/revoke').set(bearer(coordinator)).send({ reason: 'compromised' }).expect(400);

      expect(await fetchKey(team.id)).toBe(keyBefore);
      const [keys] = await t.dataSource.query(
        `SELECT count(*)::int AS count, count(revoked_at)::int AS revoked FROM organisation_key WHERE organisation_id = $1`, [team.id]);
      expect(keys).toEqual({ count: 1, revoked: 0 });
      const [{ count }] = await t.dataSource.query(
        `SELECT count(*)::int AS count FROM counsellor_credential WHERE organisation_id = $1 AND revoked_at IS NOT NULL`, [team.id]);
      expect(count).toBe(0);
      const events = await t.dataSource.query(`SELECT 1 FROM audit_event WHERE action = 'organisation_key.revoked' AND subject_id = $1`, [team.id]);
      expect(events).toEqual([]);
    });

    it('only a coordinator of the team revokes its key: others get 403, another team\'s coordinator 404', async () => {
      const counsellor = await t.factories.user('counsellor', { organisationId: team.id });
      expect((await revoke(counsellor, team.id, { reason: 'compromised' }).expect(403)).body.code).toBe('forbidden');
      await revoke(await t.factories.user('admin'), team.id, { reason: 'compromised' }).expect(403);
      const foreign = await t.factories.user('coordinator');
      expect((await revoke(foreign, team.id, { reason: 'compromised' }).expect(404)).body.code).toBe('not_found');
      await revoke(coordinator, t.factories.randomId(), { reason: 'compromised' }).expect(404);
      await t.http().post(`/api/organisations/${team.id}/key/revoke`).send({ reason: 'compromised' }).expect(401);
      const [keys] = await t.dataSource.query(`SELECT count(revoked_at)::int AS revoked FROM organisation_key WHERE organisation_id = $1`, [team.id]);
      expect(keys.revoked).toBe(0);
    });

    it('answers 409 for a team that has no key yet', async () => {
      const fresh = await t.factories.organisation('support_team', 'Ondersteuningsteam Nog Zonder Sleutel');
      const freshCoordinator = await t.factories.user('coordinator', { organisationId: fresh.id });
      expect((await revoke(freshCoordinator, fresh.id, { reason: 'compromised' }).expect(409)).body.code).toBe('no_organisation_key_to_revoke');
    });
  });

  describe('credentials issued while the key is being revoked', () => {
    it('are never left in force under a revoked key', async () => {
      const team = await t.factories.organisation('support_team', 'Ondersteuningsteam Gelijktijdig');
      const coordinator = await t.factories.user('coordinator', { organisationId: team.id });
      const counsellors = await Promise.all(Array.from({ length: 3 }, () => t.factories.user('counsellor', { organisationId: team.id })));
      await issue(coordinator, counsellors[0].id).expect(200);
      const answers = await Promise.all([
        revoke(coordinator, team.id, { reason: 'compromised' }),
        ...counsellors.map((c) => issue(coordinator, c.id)),
      ]);
      expect(answers.map((a) => a.status)).toEqual([201, 200, 200, 200]);
      const [{ count }] = await t.dataSource.query(
        `SELECT count(*)::int AS count FROM counsellor_credential c JOIN organisation_key k ON k.id = c.organisation_key_id
          WHERE k.organisation_id = $1 AND k.revoked_at IS NOT NULL AND c.revoked_at IS NULL`, [team.id]);
      expect(count).toBe(0);
      for (const c of counsellors) expect((await credentialOf(coordinator, c.id)).status).toBe('valid');
    }, 60_000);
  });

  describe('a counsellor uploading their certified key again', () => {
    const certificationsBy = async (armoredKey: string, signerFingerprint: string) => {
      const key = await openpgp.readKey({ armoredKey });
      return key.users.flatMap((u) => u.otherCertifications).filter((s) => s.issuerKeyID.toHex().toUpperCase() === signerFingerprint.slice(-16)).length;
    };
    const publishedKey = async (user: TestUser) => (await t.http().get(`/api/users/${user.id}/keys`).set(bearer(user)).expect(200)).body[0];

    it('keeps the team\'s certification while the credential is valid, without duplicating it; not after revocation', async () => {
      const team = await t.factories.organisation('support_team', 'Ondersteuningsteam Heruploaden');
      const coordinator = await t.factories.user('coordinator', { organisationId: team.id });
      const counsellor = await t.factories.user('counsellor', { organisationId: team.id });
      const key = await makeKey(counsellor.email);
      const fingerprint = await putKey(t, counsellor, key);
      const organisationFingerprint: string = (await issue(coordinator, counsellor.id).expect(200)).body.organisationFingerprint;
      const certified = await publishedKey(counsellor);
      expect(await certificationsBy(certified.publicKey, organisationFingerprint)).toBe(1);

      // The same key again, as the counsellor has it (without the team's certification).
      await t.http().put('/api/me/keys').set(bearer(counsellor)).send({ publicKey: key.armoredPublic }).expect(200);
      const afterPlain = await publishedKey(counsellor);
      expect(afterPlain).toMatchObject({ fingerprint, certifiedBy: organisationFingerprint });
      expect(await certificationsBy(afterPlain.publicKey, organisationFingerprint)).toBe(1);
      const home = await gpgHome();
      await home.importKeys(await fetchKey(team.id));
      await home.importKeys(afterPlain.publicKey);
      expect((await home.run(['--check-sigs', '--with-colons', fingerprint])).stdout)
        .toMatch(new RegExp(`^sig:!::22:${organisationFingerprint.slice(-16)}:`, 'm'));

      // The certified copy uploaded again: still one certification.
      await t.http().put('/api/me/keys').set(bearer(counsellor)).send({ publicKey: certified.publicKey }).expect(200);
      expect(await certificationsBy((await publishedKey(counsellor)).publicKey, organisationFingerprint)).toBe(1);

      // Once the credential is revoked, an upload is stored as sent: the team no longer vouches for it.
      await t.http().delete(`/api/counsellors/${counsellor.id}/credential`).set(bearer(coordinator)).expect(200);
      await t.http().put('/api/me/keys').set(bearer(counsellor)).send({ publicKey: key.armoredPublic }).expect(200);
      const afterRevocation = await publishedKey(counsellor);
      expect(afterRevocation.certifiedBy).toBeUndefined();
      expect(await certificationsBy(afterRevocation.publicKey, organisationFingerprint)).toBe(0);
    }, 60_000);
  });
});
