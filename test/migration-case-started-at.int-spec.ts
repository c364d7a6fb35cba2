import { DataSource } from 'typeorm';
import { CaseStartedAt1764000009000 } from '../migrations/1764000009000-case-started-at.js';
import { bearer } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/** The migration that stores a case's start: run down and up again over real cases, its backfill must give what conversion now stores. */
describe('migration 1764000009000: case_file.started_at backfill (integration)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('dates converted cases from their registration and other cases from their creation', async () => {
    const team = await t.factories.organisation('support_team', 'Migratie team');
    const coordinator = await t.factories.user('coordinator', { organisationId: team.id });
    const receivedAt = '2026-02-10T07:15:00.000Z';
    const registration = await t.http().post('/api/registrations').set(bearer(coordinator)).send({
      route: 'professional', registrantType: 'professional', name: 'Testmelder', message: 'Graag contact.',
      consentToContact: true, channel: 'phone', receivedAt,
    }).expect(201);
    await t.http().patch(`/api/registrations/${registration.body.id}`).set(bearer(coordinator))
      .send({ status: 'contacted', statusChangedAt: '2026-02-11T09:00:00.000Z' }).expect(200);
    const converted = (await t.http().post(`/api/registrations/${registration.body.id}/case`).set(bearer(coordinator)).send({}).expect(201)).body.caseId;
    const plain = (await t.http().post('/api/cases').set(bearer(coordinator)).send({ title: 'Zonder aanmelding' }).expect(201)).body.id;
    const startedAt = async () => new Map<string, string>((await t.dataSource.query(
      `SELECT id, started_at, created_at FROM case_file WHERE id = ANY($1)`, [[converted, plain]],
    )).map((r: { id: string; started_at: Date; created_at: Date }) => [r.id, `${r.started_at.toISOString()}|${r.created_at.toISOString()}`]));
    const asStored = await startedAt();
    expect(asStored.get(converted)?.split('|')[0]).toBe(receivedAt);

    const migration = new CaseStartedAt1764000009000();
    // Migrations run as the schema owner, not as the app's restricted runtime role.
    const owner = new DataSource({ type: 'postgres', url: t.databaseUrl });
    await owner.initialize();
    const runner = owner.createQueryRunner();
    try {
      await runner.startTransaction();
      await migration.down(runner);
      expect((await runner.query(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'case_file' AND column_name = 'started_at'`))[0].n).toBe(0);
      await migration.up(runner);
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
      await owner.destroy();
    }
    const backfilled = await startedAt();
    expect(backfilled).toEqual(asStored);
    const [plainRow] = (await t.dataSource.query(`SELECT started_at = created_at AS same FROM case_file WHERE id = $1`, [plain]));
    expect(plainRow.same).toBe(true);
  });
});
