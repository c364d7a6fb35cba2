import { makeKey, putKey } from './attachments.fixtures.js';
import { bearer } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * In-transaction listeners must not swallow their failures (issue 16): a credential that names the
 * counsellor's key is issued together with the team's certification of that key, or not at all.
 */
describe('in-transaction listeners fail the change they belong to (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ORG_KEY_PASSPHRASE: 'listener-test-organisation-key-passphrase' });
  }, 120_000);
  afterAll(() => t.close());

  it('issues no credential when certifying the counsellor’s key fails', async () => {
    const team = await t.factories.organisation('support_team', 'Listener team');
    const coordinator = await t.factories.user('coordinator', { organisationId: team.id });
    const counsellor = await t.factories.user('counsellor', { organisationId: team.id });
    await putKey(t, counsellor, await makeKey(counsellor.email));
    // The stored key can no longer be read, so the team key cannot certify it.
    await t.dataSource.query(`UPDATE user_key SET public_key = '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nbroken\n-----END PGP PUBLIC KEY BLOCK-----' WHERE user_id = $1`, [counsellor.id]);
    const validUntil = new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10);
    const res = await t.http().put(`/api/counsellors/${counsellor.id}/credential`).set(bearer(coordinator)).send({ validUntil });
    expect(res.status).toBeGreaterThanOrEqual(500);
    const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM counsellor_credential WHERE counsellor_id = $1`, [counsellor.id]);
    expect(row.n).toBe(0);
    await t.http().get(`/api/counsellors/${counsellor.id}/credential`).set(bearer(coordinator)).expect(404);
  });
});
