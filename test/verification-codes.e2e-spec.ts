import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const DAY = 86400_000;
const CODE = /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/;

describe('verification codes, the public check and the verification log (e2e)', () => {
  let t: TestApp;
  let team: { id: string; name: string };
  let partnerOrganisation: { id: string; name: string };
  let coordinator: TestUser;
  let addressCounter = 0;
  /** Every test checks from its own address (TRUST_PROXY), so the per-address limit is each test's own. */
  const newAddress = () => `198.51.100.${++addressCounter}`;

  beforeAll(async () => {
    t = await createTestApp({ ORG_KEY_PASSPHRASE: 'e2e-organisation-key-passphrase', TRUST_PROXY: '1', VERIFY_MAX_PER_ADDRESS: '8', PUBLIC_URL: 'https://eenverhaal.example' });
    team = await t.factories.organisation('support_team', 'Ondersteuningsteam Codes');
    partnerOrganisation = await t.factories.organisation('youth_protection', 'Jeugdbescherming Test');
    coordinator = await t.factories.user('coordinator', { organisationId: team.id });
  });
  afterAll(() => t.close());

  const verifiedCounsellor = async (displayName = `Begeleider ${Math.random().toString(36).slice(2, 6)}`) => {
    const counsellor = await t.factories.user('counsellor', { organisationId: team.id, displayName });
    await t.http().put(`/api/counsellors/${counsellor.id}/credential`).set(bearer(coordinator))
      .send({ validUntil: new Date(Date.now() + 180 * DAY).toISOString() }).expect(200);
    return counsellor;
  };
  const newCode = async (counsellor: TestUser) => (await t.http().post('/api/verification/codes').set(bearer(counsellor)).expect(201)).body;
  const check = (code: string, address: string, token?: string) => {
    const req = t.http().get(`/api/verify/${encodeURIComponent(code)}`).set('X-Forwarded-For', address);
    return token ? req.set('Authorization', `Bearer ${token}`) : req;
  };

  it('gives a counsellor with a valid credential a short, readable code, its verify URL and a QR code', async () => {
    const counsellor = await verifiedCounsellor();
    const before = Date.now();
    const issued = await newCode(counsellor);
    expect(issued.code).toMatch(CODE);
    expect(issued.verifyUrl).toBe(`https://eenverhaal.example/verify/${issued.code}`);
    expect(issued.qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const expiresIn = Date.parse(issued.expiresAt) - before;
    expect(expiresIn).toBeGreaterThan(9.5 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(10 * 60_000 + 5_000);
    // Stored hashed: the code itself is nowhere in the database.
    const rows = await t.dataSource.query(`SELECT code_hash::text AS hash FROM verification_code WHERE counsellor_id = $1`, [counsellor.id]);
    expect(rows).toHaveLength(1);
    const plain = issued.code.replace('-', '');
    expect(rows[0].hash).not.toContain(Buffer.from(plain).toString('hex'));
  });

  it('answers a valid code with name, organisation, role and validity — nothing more personal', async () => {
    const counsellor = await verifiedCounsellor('Bas Begeleider');
    const { code } = await newCode(counsellor);
    const res = await check(code, newAddress()).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      valid: true,
      counsellor: { displayName: 'Bas Begeleider' },
      organisation: { name: 'Ondersteuningsteam Codes' },
      role: 'counsellor',
      credentialValidUntil: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(JSON.stringify(res.body)).not.toContain(counsellor.email);
    expect(JSON.stringify(res.body)).not.toContain(counsellor.id);
  });

  it('reads the code however it is typed: case, spaces, dashes, O for 0 and I or L for 1', async () => {
    const counsellor = await verifiedCounsellor();
    const { code } = await newCode(counsellor);
    const address = newAddress();
    const plain = code.replace('-', '');
    const lookAlike = plain.replace(/0/g, 'O').replace(/1/g, 'l');
    for (const typed of [code.toLowerCase(), plain, `${plain.slice(0, 3)} ${plain.slice(3, 7)} ${plain.slice(7)}`, lookAlike]) {
      expect((await check(typed, address).expect(200)).body.valid).toBe(true);
    }
  });

  it('refuses a code to a counsellor without a valid credential', async () => {
    const unverified = await t.factories.user('counsellor', { organisationId: team.id });
    const res = await t.http().post('/api/verification/codes').set(bearer(unverified)).expect(422);
    expect(res.body.code).toBe('no_valid_credential');
    const expired = await verifiedCounsellor();
    await t.dataSource.query(`UPDATE counsellor_credential SET issued_at = now() - interval '2 days', valid_until = now() - interval '1 day' WHERE counsellor_id = $1`, [expired.id]);
    expect((await t.http().post('/api/verification/codes').set(bearer(expired)).expect(422)).body.code).toBe('no_valid_credential');
  });

  it('revocation flips a valid code to revoked at once, and no new code is given', async () => {
    const counsellor = await verifiedCounsellor();
    const { code } = await newCode(counsellor);
    const address = newAddress();
    expect((await check(code, address).expect(200)).body.valid).toBe(true);
    await t.http().delete(`/api/counsellors/${counsellor.id}/credential`).set(bearer(coordinator)).expect(200);
    expect((await check(code, address).expect(200)).body).toEqual({ valid: false, reason: 'revoked' });
    expect((await t.http().post('/api/verification/codes').set(bearer(counsellor)).expect(422)).body.code).toBe('no_valid_credential');
  });

  it('answers revoked for a counsellor whose account was disabled or who left the team', async () => {
    const disabled = await verifiedCounsellor();
    const { code: first } = await newCode(disabled);
    await t.dataSource.query(`UPDATE app_user SET disabled_at = now() WHERE id = $1`, [disabled.id]);
    const moved = await verifiedCounsellor();
    const { code: second } = await newCode(moved);
    await t.dataSource.query(`UPDATE app_user SET organisation_id = $2 WHERE id = $1`, [moved.id, (await t.factories.organisation('support_team')).id]);
    const address = newAddress();
    expect((await check(first, address).expect(200)).body).toEqual({ valid: false, reason: 'revoked' });
    expect((await check(second, address).expect(200)).body).toEqual({ valid: false, reason: 'revoked' });
  });

  it('answers expired for an expired code and for an expired credential; unknown for a code never given', async () => {
    const counsellor = await verifiedCounsellor();
    const { code: stale } = await newCode(counsellor);
    await t.dataSource.query(`UPDATE verification_code SET expires_at = now() - interval '1 second' WHERE counsellor_id = $1`, [counsellor.id]);
    const address = newAddress();
    expect((await check(stale, address).expect(200)).body).toEqual({ valid: false, reason: 'expired' });

    const lapsed = await verifiedCounsellor();
    const { code: lapsedCode } = await newCode(lapsed);
    await t.dataSource.query(`UPDATE counsellor_credential SET issued_at = now() - interval '2 days', valid_until = now() - interval '1 minute' WHERE counsellor_id = $1`, [lapsed.id]);
    expect((await check(lapsedCode, address).expect(200)).body).toEqual({ valid: false, reason: 'expired' });

    expect((await check('00000-00000', address).expect(200)).body).toEqual({ valid: false, reason: 'unknown' });
  });

  it('keeps a shown code working when the credential is renewed, with the new validity', async () => {
    const counsellor = await verifiedCounsellor();
    const { code } = await newCode(counsellor);
    const renewedUntil = new Date(Date.now() + 400 * DAY).toISOString();
    await t.http().put(`/api/counsellors/${counsellor.id}/credential`).set(bearer(coordinator)).send({ validUntil: renewedUntil }).expect(200);
    const res = await check(code, newAddress()).expect(200);
    expect(res.body).toMatchObject({ valid: true, credentialValidUntil: renewedUntil });
  });

  it('refuses input that cannot be a code with 400 malformed_code', async () => {
    const address = newAddress();
    for (const typed of ['abc', 'UUUUU-UUUUU', '12345-123456', '!!!!!-!!!!!', 'A'.repeat(41)]) {
      const res = await check(typed, address).expect(400);
      expect(res.body).toMatchObject({ code: 'malformed_code', field: 'code' });
    }
  });

  it('stops guessing with 429 and Retry-After, per address', async () => {
    const counsellor = await verifiedCounsellor();
    const { code } = await newCode(counsellor);
    const guesser = newAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await check(`${String(i).padStart(5, '0')}-ZZZZZ`, guesser)).status);
    expect(statuses).toEqual(Array(8).fill(200));
    const blocked = await check('00000-ZZZZZ', guesser).expect(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.body.code).toBe('rate_limited');
    // Once blocked, even the right code is not looked up from that address…
    await check(code, guesser).expect(429);
    await check('not a code', guesser).expect(429);
    // …while another address checks normally.
    expect((await check(code, newAddress()).expect(200)).body.valid).toBe(true);
  });

  describe('the verification log', () => {
    let counsellor: TestUser;
    let partner: TestUser;

    beforeAll(async () => {
      counsellor = await verifiedCounsellor('Fenna Procesbegeleider');
      partner = await t.factories.user('partner', { organisationId: partnerOrganisation.id });
      const { code } = await newCode(counsellor);
      const address = newAddress();
      await check(code, address).expect(200); // anonymous
      await check(code, address, partner.token).expect(200); // a logged-in partner
      await t.dataSource.query(`UPDATE verification_code SET expires_at = now() - interval '1 second' WHERE counsellor_id = $1`, [counsellor.id]);
      await check(code, address, partner.token).expect(200); // expired
    });

    it('shows a counsellor every check of their codes, newest first, with the checker\'s organisation', async () => {
      const res = await t.http().get('/api/me/verifications').set(bearer(counsellor)).expect(200);
      expect(res.body.nextCursor).toBeNull();
      expect(res.body.items.map((i: { result: string }) => i.result)).toEqual(['expired', 'valid', 'valid']);
      expect(res.body.items.map((i: { verifierOrganisation: unknown }) => i.verifierOrganisation)).toEqual([
        { id: partnerOrganisation.id, name: 'Jeugdbescherming Test' },
        { id: partnerOrganisation.id, name: 'Jeugdbescherming Test' },
        null,
      ]);
      expect(res.body.items[0]).toMatchObject({ id: expect.any(String), checkedAt: expect.stringMatching(/Z$/), counsellor: { id: counsellor.id, displayName: 'Fenna Procesbegeleider' } });
      // Nothing about the checker as a person, nor their address.
      expect(JSON.stringify(res.body)).not.toContain(partner.id);
      expect(JSON.stringify(res.body)).not.toContain('198.51.100.');
    });

    it('shows nothing of it to another counsellor', async () => {
      const other = await verifiedCounsellor();
      const res = await t.http().get('/api/me/verifications').set(bearer(other)).expect(200);
      expect(res.body.items).toEqual([]);
    });

    it('pages with limit and before/after cursors', async () => {
      const first = await t.http().get('/api/me/verifications?limit=2').set(bearer(counsellor)).expect(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toBe(first.body.items[1].id);
      const rest = await t.http().get(`/api/me/verifications?limit=2&before=${first.body.nextCursor}`).set(bearer(counsellor)).expect(200);
      expect(rest.body.items.map((i: { result: string }) => i.result)).toEqual(['valid']);
      expect(rest.body.nextCursor).toBeNull();
      const newer = await t.http().get(`/api/me/verifications?after=${rest.body.items[0].id}`).set(bearer(counsellor)).expect(200);
      expect(newer.body.items.map((i: { id: string }) => i.id)).toEqual(first.body.items.map((i: { id: string }) => i.id));
    });

    it('refuses bad paging input with 400', async () => {
      const other = await verifiedCounsellor();
      const foreignCheck = (await t.http().get('/api/me/verifications').set(bearer(counsellor)).expect(200)).body.items[0].id;
      expect((await t.http().get(`/api/me/verifications?before=${foreignCheck}`).set(bearer(other)).expect(400)).body.code).toBe('invalid_cursor');
      await t.http().get('/api/me/verifications?limit=0').set(bearer(counsellor)).expect(400);
      await t.http().get('/api/me/verifications?limit=201').set(bearer(counsellor)).expect(400);
      await t.http().get('/api/me/verifications?before=nope').set(bearer(counsellor)).expect(400);
      await t.http().get(`/api/me/verifications?counsellorId=${counsellor.id}`).set(bearer(counsellor)).expect(400);
    });

    it('shows coordinators every check of their team, and nothing of other teams', async () => {
      const res = await t.http().get(`/api/verification/log?counsellorId=${counsellor.id}`).set(bearer(coordinator)).expect(200);
      expect(res.body.items.map((i: { result: string }) => i.result)).toEqual(['expired', 'valid', 'valid']);
      expect(res.body.items[0].counsellor).toEqual({ id: counsellor.id, displayName: 'Fenna Procesbegeleider' });
      const all = await t.http().get('/api/verification/log?limit=200').set(bearer(coordinator)).expect(200);
      expect(all.body.items.length).toBeGreaterThan(3);
      expect(all.body.items.every((i: { counsellor: unknown }) => i.counsellor !== null)).toBe(true);
      const otherCoordinator = await t.factories.user('coordinator');
      expect((await t.http().get('/api/verification/log').set(bearer(otherCoordinator)).expect(200)).body.items).toEqual([]);
      await t.http().get('/api/verification/log').set(bearer(counsellor)).expect(403);
      await t.http().get('/api/verification/log').set(bearer(partner)).expect(403);
    });

    it('records unknown codes too, without a counsellor', async () => {
      const [{ count: before }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM verification_check WHERE result = 'unknown'`);
      await check('ZZZZZ-ZZZZZ', newAddress()).expect(200);
      const [{ count: after }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM verification_check WHERE result = 'unknown' AND counsellor_id IS NULL`);
      expect(after).toBe(before + 1);
    });
  });
});
