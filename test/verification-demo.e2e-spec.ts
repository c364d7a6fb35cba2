import { createTestApp, type TestApp } from './helpers/test-app.js';
import { GpgHome } from './verification.gpg.js';

describe('demo data: one verified counsellor and one revoked (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ DEMO: '1', ORG_KEY_PASSPHRASE: 'e2e-organisation-key-passphrase' });
  }, 60_000);
  afterAll(() => t.close());

  const userByEmail = async (email: string) => (await t.dataSource.query(`SELECT id, organisation_id FROM app_user WHERE email = $1`, [email]))[0];

  it('gives Bas a valid credential that gpg verifies, and Fenna a revoked one', async () => {
    const coordinator = await userByEmail('coordinator@demo.eenverhaal.test');
    const token = await t.factories.session(coordinator.id);
    const read = async (email: string) => (await t.http().get(`/api/counsellors/${(await userByEmail(email)).id}/credential`)
      .set('Authorization', `Bearer ${token}`).expect(200)).body;

    const bas = await read('begeleider1@demo.eenverhaal.test');
    expect(bas).toMatchObject({ status: 'valid', revokedAt: null });
    expect(bas.statement).toContain('Naam / Name: Bas Begeleider (demo)');
    const fenna = await read('begeleider2@demo.eenverhaal.test');
    expect(fenna.status).toBe('revoked');

    const home = await GpgHome.create();
    try {
      await home.importKeys(await (await fetch(`${t.baseUrl}/api/organisations/${coordinator.organisation_id}/key`)).text());
      expect((await home.verify(bas.statement)).exitCode).toBe(0);
    } finally {
      await home.close();
    }
  });
});
