import { REFERENCE_PATTERN } from '../src/intake/registrations.repository.js';
import { bearer } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { formToken } from './intake.helpers.js';

const fields = (over: Record<string, unknown> = {}) => ({
  route: 'parent', registrantType: 'father', name: 'Bert Testvader', message: 'Ik wil hulp.', consentToContact: true, ...over,
});

/**
 * Security review, finding 11: the bot check could be skipped by leaving out `formStartedAt`, and
 * discarded registrations had a random reference while stored ones were numbered in sequence.
 */
describe('public registration: server-issued form token, one shape of reference (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ INTAKE_MIN_FILL_SECONDS: '1', INTAKE_MAX_PER_ADDRESS: '1000' });
    await t.factories.organisation('support_team', 'Team Aanmelding');
  });
  afterAll(() => t.close());

  const submit = (body: object) => t.http().post('/api/registrations').send(body);
  const count = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM registration`))[0].n as number;
  const lastDiscardReason = async () => (await t.dataSource.query(
    `SELECT details->>'reason' AS reason FROM audit_event WHERE action = 'registration.discarded' ORDER BY seq DESC LIMIT 1`))[0]?.reason;
  const expectDiscarded = async (body: object, reason: string) => {
    const before = await count();
    const res = await submit(body).expect(201);
    expect(Object.keys(res.body).sort()).toEqual(['confirmation', 'reference']);
    expect(res.body.reference).toMatch(REFERENCE_PATTERN);
    expect(await count()).toBe(before);
    expect(await lastDiscardReason()).toBe(reason);
    return res.body.reference as string;
  };

  it('issues a signed token to anyone, never cached', async () => {
    const res = await t.http().get('/api/registrations/form-token').expect(200);
    expect(Object.keys(res.body).sort()).toEqual(['formToken', 'issuedAt']);
    expect(res.body.formToken).toMatch(/^f1\.[0-9a-z]+\.[\w-]+\.[\w-]+$/);
    expect(Math.abs(Date.parse(res.body.issuedAt) - Date.now())).toBeLessThan(5000);
    expect(res.headers['cache-control']).toContain('no-store');
    const again = await t.http().get('/api/registrations/form-token').expect(200);
    expect(again.body.formToken).not.toBe(res.body.formToken);
  });

  it('treats a form without a token as automated, also without formStartedAt: same answer, nothing stored', async () => {
    await expectDiscarded(fields(), 'no_token');
    await expectDiscarded(fields({ formToken: '' }), 'no_token');
  });

  it('treats a forged, tampered, backdated or over-long token as automated', async () => {
    const genuine = (await t.http().get('/api/registrations/form-token').expect(200)).body.formToken as string;
    const [version, issued, nonce, signature] = genuine.split('.');
    await expectDiscarded(fields({ formToken: 'f1.abc.def.ghi' }), 'invalid_token');
    // Backdating the issue time breaks the signature.
    const backdated = (parseInt(issued, 36) - 3_600_000).toString(36);
    await expectDiscarded(fields({ formToken: [version, backdated, nonce, signature].join('.') }), 'invalid_token');
    await expectDiscarded(fields({ formToken: [version, issued, nonce, `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`].join('.') }), 'invalid_token');
    await expectDiscarded(fields({ formToken: `${genuine}.${'x'.repeat(300)}` }), 'invalid_token');
  });

  it('treats a token sent back sooner than the minimum fill time, or an expired one, as automated', async () => {
    const fresh = (await t.http().get('/api/registrations/form-token').expect(200)).body.formToken;
    await expectDiscarded(fields({ formToken: fresh }), 'too_fast');
    await expectDiscarded(fields({ formToken: formToken(t, t.config.INTAKE_FORM_TOKEN_MAX_AGE_SECONDS + 60) }), 'token_expired');
  });

  it('stores a form sent with a token after the fill time, once: the same token again is discarded', async () => {
    const token = (await t.http().get('/api/registrations/form-token').expect(200)).body.formToken;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const before = await count();
    const stored = await submit(fields({ formToken: token })).expect(201);
    expect(stored.body.reference).toMatch(REFERENCE_PATTERN);
    expect(await count()).toBe(before + 1);
    const [row] = await t.dataSource.query(`SELECT channel FROM registration WHERE reference = $1`, [stored.body.reference]);
    expect(row).toEqual({ channel: 'web' });
    await expectDiscarded(fields({ formToken: token }), 'token_reused');
  });

  it('gives stored and discarded registrations references of one shape, not a sequence', async () => {
    const stored: string[] = [];
    for (let i = 0; i < 3; i++) stored.push((await submit(fields({ formToken: formToken(t) })).expect(201)).body.reference);
    const discarded = await expectDiscarded(fields({ website: 'http://spam.example', formToken: formToken(t) }), 'honeypot');
    for (const reference of [...stored, discarded]) expect(reference).toMatch(REFERENCE_PATTERN);
    expect(new Set(stored).size).toBe(3);
    // No year-and-number: nothing to count on, and nothing tells the dropped ones apart.
    for (const reference of stored) expect(reference).not.toMatch(/^AM-\d{4}-\d{4}$/);
  });

  it('needs no token from a logged-in coordinator entering a registration', async () => {
    const team = await t.factories.organisation('support_team');
    const coordinator = await t.factories.user('coordinator', { organisationId: team.id });
    const res = await t.http().post('/api/registrations').set(bearer(coordinator)).send(fields({ channel: 'phone' })).expect(201);
    expect(res.body.id).toBeDefined();
    expect(res.body.reference).toMatch(REFERENCE_PATTERN);
  });
});
