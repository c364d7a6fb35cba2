import { randomUUID } from 'node:crypto';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { CaseUpdatePosted } from '../src/cases/cases.events.js';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { caseWorld, type CaseWorld } from './cases.helpers.js';

describe('case content: story, consent, updates, children, results (e2e)', () => {
  let t: TestApp;
  let w: CaseWorld;
  let caseId: string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await caseWorld(t);
    caseId = (await t.http().post('/api/cases').set(bearer(w.counsellor)).send({ title: 'Familie Inhoud' }).expect(201)).body.id;
    for (const [user, role] of [[w.parent, 'parent'], [w.partner, 'guardian'], [w.foster, 'foster_parent'], [w.child, 'child'], [w.expert, 'expert']] as const) {
      await t.http().post(`/api/cases/${caseId}/participants`).set(bearer(w.counsellor)).send({ userId: user.id, role }).expect(201);
    }
  });
  afterAll(() => t.close());

  const get = (path: string, user: TestUser) => t.http().get(`/api/cases/${caseId}${path}`).set(bearer(user));
  const send = (method: 'post' | 'put' | 'patch' | 'delete', path: string, user: TestUser, body?: object) =>
    t.http()[method](`/api/cases/${caseId}${path}`).set(bearer(user)).send(body);
  const sections = (text: string) => [{ key: 'wat-er-gebeurde', title: 'Wat er gebeurde', text }, { key: 'wat-ik-wil', title: 'Wat ik wil', text: 'Mijn kinderen weer zien.' }];

  describe('the story', () => {
    it('starts empty, and every save is a new version the parent can confirm', async () => {
      expect((await get('/story', w.parent).expect(200)).body).toMatchObject({ version: 0, sections: [], confirmedByParentAt: null });
      const v1 = await send('put', '/story', w.parent, { sections: sections('Eerste versie.') }).expect(200);
      expect(v1.body).toMatchObject({ version: 1, writtenWithParent: false, updatedBy: { id: w.parent.id, role: 'parent' }, confirmedByParentAt: null });
      const v2 = await send('put', '/story', w.counsellor, { sections: sections('Samen met de ouder aangevuld.') }).expect(200);
      expect(v2.body).toMatchObject({ version: 2, writtenWithParent: true, updatedBy: { id: w.counsellor.id } });
      const stale = await send('post', '/story/confirm', w.parent, { version: 1 }).expect(409);
      expect(stale.body).toMatchObject({ code: 'story_version_stale', latest: 2 });
      const confirmed = await send('post', '/story/confirm', w.parent, { version: 2 }).expect(200);
      expect(confirmed.body.confirmedByParentAt).toEqual(expect.any(String));
      expect(confirmed.body.confirmedBy.id).toBe(w.parent.id);
      await send('post', '/story/confirm', w.counsellor, {}).expect(403);
      const versions = await get('/story/versions', w.counsellor).expect(200);
      expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
      expect(versions.body.items[1].sections[0].text).toBe('Eerste versie.');
      const paged = await get('/story/versions?limit=1', w.counsellor).expect(200);
      expect(paged.body.nextCursor).toBe('2');
      const rest = await get(`/story/versions?limit=1&before=${paged.body.nextCursor}`, w.counsellor).expect(200);
      expect(rest.body).toMatchObject({ items: [{ version: 1 }], nextCursor: null });
      // A new save needs a new confirmation.
      const v3 = await send('put', '/story', w.parent, { sections: sections('Derde.') }).expect(200);
      expect(v3.body.confirmedByParentAt).toBeNull();
    });

    it('refuses bad sections naming the field, and partners who may not write', async () => {
      expect((await send('put', '/story', w.parent, { sections: [{ key: 'Bad Key', title: 'x', text: '' }] }).expect(400)).body.fields).toEqual(['sections.0.key']);
      expect((await send('put', '/story', w.parent, { sections: 'tekst' }).expect(400)).body.fields).toContain('sections');
      expect((await send('put', '/story', w.parent, { sections: [...sections('a'), ...sections('b')] }).expect(400)).body.field).toBe('sections');
      await send('put', '/story', w.partner, { sections: sections('x') }).expect(403);
      await send('put', '/story', w.coordinator, { sections: sections('x') }).expect(403);
    });
  });

  describe('consent', () => {
    it('hides story, updates and children from partners until a parent consents, and revocation is immediate', async () => {
      await send('post', '/children', w.counsellor, { birthYear: 2016, placement: 'foster_family', protectionMeasure: 'supervision_order' }).expect(201);
      // Without consent: existence and participants, nothing else.
      const bare = await get('', w.partner).expect(200);
      expect(bare.body).toMatchObject({ id: caseId, access: { side: 'partner', story: false, updates: false, children: false } });
      expect(bare.body.placementReasons).toBeUndefined();
      await get('/participants', w.partner).expect(200);
      expect((await get('/story', w.partner).expect(403)).body).toMatchObject({ code: 'consent_required', scope: 'story' });
      expect((await get('/updates', w.partner).expect(403)).body.scope).toBe('updates');
      expect((await get('/children', w.partner).expect(403)).body.scope).toBe('children');

      const granted = await send('post', '/consents', w.parent, { granteeUserId: w.partner.id, scopes: ['story', 'children'] }).expect(201);
      expect(granted.body).toMatchObject({ grantee: { type: 'user', id: w.partner.id }, scopes: ['story', 'children'], givenInPerson: false, grantedBy: { id: w.parent.id }, state: 'active' });
      expect((await get('/story', w.partner).expect(200)).body.version).toBeGreaterThan(0);
      expect((await get('/children', w.partner).expect(200)).body).toHaveLength(1);
      await get('/updates', w.partner).expect(403);
      expect((await get('', w.partner).expect(200)).body.placementReasons).toEqual([]);

      const revoked = await send('delete', `/consents/${granted.body.id}`, w.parent).expect(200);
      expect(revoked.body).toMatchObject({ state: 'revoked', revokedBy: { id: w.parent.id } });
      await get('/story', w.partner).expect(403);
      await get('/children', w.partner).expect(403);
      await send('delete', `/consents/${granted.body.id}`, w.parent).expect(200);
    });

    it('opens to a whole organisation, and ends by itself at its expiry', async () => {
      const org = await send('post', '/consents', w.parent, { granteeOrganisationId: w.partnerOrgId, scopes: ['updates'] }).expect(201);
      await get('/updates', w.partner).expect(200);
      await send('delete', `/consents/${org.body.id}`, w.parent).expect(200);
      await get('/updates', w.partner).expect(403);

      const soon = await send('post', '/consents', w.parent, { granteeUserId: w.expert.id, scopes: ['story'], expiresAt: new Date(Date.now() + 60_000).toISOString() }).expect(201);
      await get('/story', w.expert).expect(200);
      await t.dataSource.query(`UPDATE case_consent SET expires_at = now() - interval '1 second' WHERE id = $1`, [soon.body.id]);
      await get('/story', w.expert).expect(403);
      const listed = await get('/consents', w.parent).expect(200);
      expect(listed.body.items.find((c: { id: string }) => c.id === soon.body.id).state).toBe('expired');
    });

    it('lets a counsellor record consent given in person, marked as such, naming the parent', async () => {
      const missing = await send('post', '/consents', w.counsellor, { granteeUserId: w.foster.id, scopes: ['updates'] }).expect(400);
      expect(missing.body).toMatchObject({ code: 'given_by_parent_required', field: 'givenByParentId' });
      const notParent = await send('post', '/consents', w.counsellor, { granteeUserId: w.foster.id, scopes: ['updates'], givenByParentId: w.child.id }).expect(400);
      expect(notParent.body.code).toBe('not_a_parent_of_case');
      const rec = await send('post', '/consents', w.counsellor, { granteeUserId: w.foster.id, scopes: ['updates'], givenByParentId: w.parent.id }).expect(201);
      expect(rec.body).toMatchObject({ givenInPerson: true, grantedBy: { id: w.parent.id }, recordedBy: { id: w.counsellor.id, displayName: w.counsellor.displayName } });
      await get('/updates', w.foster).expect(200);
    });

    it('refuses consent by a non-parent, unknown scopes, two grantees, past expiry and unknown grantees, writing nothing', async () => {
      const before = (await t.dataSource.query(`SELECT count(*)::int AS n FROM case_consent`))[0].n;
      expect((await send('post', '/consents', w.partner, { granteeUserId: w.partner.id, scopes: ['story'] }).expect(403)).body.code).toBe('forbidden');
      expect((await send('post', '/consents', w.child, { granteeUserId: w.partner.id, scopes: ['story'] }).expect(403)).body.code).toBe('forbidden');
      expect((await send('post', '/consents', w.parent, { granteeUserId: w.partner.id, scopes: ['diary'] }).expect(400)).body.fields).toEqual(['scopes']);
      expect((await send('post', '/consents', w.parent, { granteeUserId: w.partner.id, scopes: [] }).expect(400)).body.fields).toEqual(['scopes']);
      expect((await send('post', '/consents', w.parent, { granteeUserId: w.partner.id, granteeOrganisationId: w.partnerOrgId, scopes: ['story'] }).expect(400)).body.code).toBe('one_grantee');
      expect((await send('post', '/consents', w.parent, { scopes: ['story'] }).expect(400)).body.code).toBe('one_grantee');
      expect((await send('post', '/consents', w.parent, { granteeUserId: w.partner.id, scopes: ['story'], expiresAt: '2020-01-01T00:00:00Z' }).expect(400)).body.field).toBe('expiresAt');
      expect((await send('post', '/consents', w.parent, { granteeUserId: w.partner.id, scopes: ['story'], expiresAt: 'morgen' }).expect(400)).body.fields).toEqual(['expiresAt']);
      expect((await send('post', '/consents', w.parent, { granteeUserId: randomUUID(), scopes: ['story'] }).expect(400)).body.field).toBe('granteeUserId');
      expect((await send('post', '/consents', w.parent, { granteeOrganisationId: randomUUID(), scopes: ['story'] }).expect(400)).body.field).toBe('granteeOrganisationId');
      expect((await send('post', '/consents', w.parent, { granteeUserId: w.admin.id, scopes: ['story'] }).expect(400)).body.code).toBe('admin_cannot_take_part');
      expect((await send('post', '/consents', w.parent, { granteeUserId: w.partner.id, scopes: ['story'], givenByParentId: w.counsellor.id }).expect(400)).body.field).toBe('givenByParentId');
      await send('delete', `/consents/${randomUUID()}`, w.parent).expect(404);
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM case_consent`))[0].n).toBe(before);
    });

    it('shows partners only the consents given to them', async () => {
      const forPartner = await send('post', '/consents', w.parent, { granteeUserId: w.partner.id, scopes: ['story'] }).expect(201);
      const mine = await get('/consents', w.partner).expect(200);
      expect(mine.body.items.map((c: { id: string }) => c.id)).toContain(forPartner.body.id);
      for (const c of mine.body.items) expect([w.partner.id, w.partnerOrgId]).toContain(c.grantee.id);
      const all = await get('/consents', w.parent).expect(200);
      expect(all.body.items.length).toBeGreaterThan(1);
      await send('delete', `/consents/${forPartner.body.id}`, w.parent).expect(200);
    });
  });

  describe('shared updates', () => {
    it('shows parents the updates for everyone, professionals all, and tells the audience after commit', async () => {
      const events = t.app.get(EventEmitter2);
      const seen: CaseUpdatePosted[] = [];
      const listener = (e: CaseUpdatePosted) => seen.push(e);
      events.on(CaseUpdatePosted.event, listener);
      const consent = await send('post', '/consents', w.parent, { granteeUserId: w.partner.id, scopes: ['updates'] }).expect(201);
      const forAll = await send('post', '/updates', w.counsellor, { body: 'De rechtszaak is verplaatst.', visibility: 'everyone' }).expect(201);
      const forPros = await send('post', '/updates', w.counsellor, { body: 'Overleg met de voogd gepland.', visibility: 'professionals' }).expect(201);
      expect(forAll.body).toMatchObject({ kind: 'note', visibility: 'everyone', author: { id: w.counsellor.id, role: 'counsellor', organisationName: 'Testteam' } });
      const parentView = await get('/updates', w.parent).expect(200);
      expect(parentView.body.items.map((u: { id: string }) => u.id)).toContain(forAll.body.id);
      expect(parentView.body.items.map((u: { id: string }) => u.id)).not.toContain(forPros.body.id);
      const partnerView = await get('/updates', w.partner).expect(200);
      expect(partnerView.body.items.map((u: { id: string }) => u.id)).toEqual(expect.arrayContaining([forAll.body.id, forPros.body.id]));
      // The foster parent (consent recorded in person earlier) sees only the updates for everyone.
      const fosterView = await get('/updates', w.foster).expect(200);
      expect(fosterView.body.items.map((u: { id: string }) => u.id)).not.toContain(forPros.body.id);

      events.off(CaseUpdatePosted.event, listener);
      const [all, pros] = [seen.find((e) => (e.update as { id: string }).id === forAll.body.id)!, seen.find((e) => (e.update as { id: string }).id === forPros.body.id)!];
      expect(all.audience).toEqual(expect.arrayContaining([w.parent.id, w.partner.id, w.foster.id, w.counsellor.id, w.coordinator.id]));
      expect(all.audience).not.toContain(w.child.id);
      expect(pros.audience).toEqual(expect.arrayContaining([w.partner.id, w.counsellor.id, w.coordinator.id]));
      expect(pros.audience).not.toContain(w.parent.id);
      expect(pros.audience).not.toContain(w.foster.id);
      await send('delete', `/consents/${consent.body.id}`, w.parent).expect(200);
    });

    it('pages updates, keeps a parent\'s updates for everyone, and refuses bad input', async () => {
      const mine = await send('post', '/updates', w.parent, { body: 'Ik heb een nieuwe woning!', visibility: 'everyone' }).expect(201);
      expect(mine.body.author.id).toBe(w.parent.id);
      expect((await send('post', '/updates', w.parent, { body: 'x', visibility: 'professionals' }).expect(400)).body.field).toBe('visibility');
      expect((await send('post', '/updates', w.counsellor, { body: '', visibility: 'everyone' }).expect(400)).body.fields).toEqual(['body']);
      expect((await send('post', '/updates', w.counsellor, { body: 'x', visibility: 'friends' }).expect(400)).body.fields).toEqual(['visibility']);
      await send('post', '/updates', w.partner, { body: 'Zonder toestemming', visibility: 'everyone' }).expect(403);
      const page1 = await get('/updates?limit=1', w.counsellor).expect(200);
      expect(page1.body.items[0].id).toBe(mine.body.id);
      const page2 = await get(`/updates?limit=1&before=${page1.body.nextCursor}`, w.counsellor).expect(200);
      expect(page2.body.items[0].id).not.toBe(mine.body.id);
    });
  });

  describe('children and results', () => {
    it('adds, reads and changes a child within the vocabularies', async () => {
      const made = await send('post', '/children', w.parent, { firstName: 'Sam', birthYear: 2014, placement: 'family_home', protectionMeasure: 'guardianship', placedSince: '2022-03-01' }).expect(201);
      expect(made.body).toMatchObject({ firstName: 'Sam', birthYear: 2014, placement: 'family_home', protectionMeasure: 'guardianship', placedSince: '2022-03-01' });
      const got = await get(`/children/${made.body.id}`, w.counsellor).expect(200);
      expect(got.body.placedSince).toBe('2022-03-01');
      const changed = await send('patch', `/children/${made.body.id}`, w.counsellor, { placement: 'home', placedSince: null }).expect(200);
      expect(changed.body).toMatchObject({ placement: 'home', placedSince: null, firstName: 'Sam' });
      await get(`/children/${randomUUID()}`, w.counsellor).expect(404);
      await send('post', '/children', w.partner, { birthYear: 2014, placement: 'home', protectionMeasure: 'none' }).expect(403);
    });

    it('refuses impossible birth years, future placement dates and unknown vocabulary, writing nothing', async () => {
      const before = (await t.dataSource.query(`SELECT count(*)::int AS n FROM case_child`))[0].n;
      const year = new Date().getFullYear();
      const base = { birthYear: 2015, placement: 'residential', protectionMeasure: 'none' };
      expect((await send('post', '/children', w.counsellor, { ...base, birthYear: year + 1 }).expect(400)).body).toMatchObject({ code: 'impossible_birth_year', field: 'birthYear' });
      expect((await send('post', '/children', w.counsellor, { ...base, birthYear: 1900 }).expect(400)).body.field).toBe('birthYear');
      expect((await send('post', '/children', w.counsellor, { ...base, birthYear: 'twee' }).expect(400)).body.fields).toEqual(['birthYear']);
      expect((await send('post', '/children', w.counsellor, { ...base, placedSince: `${year + 1}-01-01` }).expect(400)).body).toMatchObject({ code: 'date_in_future', field: 'placedSince' });
      expect((await send('post', '/children', w.counsellor, { ...base, placedSince: '2010-01-01' }).expect(400)).body.field).toBe('placedSince');
      expect((await send('post', '/children', w.counsellor, { ...base, placedSince: '2020-13-45' }).expect(400)).body.fields).toEqual(['placedSince']);
      expect((await send('post', '/children', w.counsellor, { ...base, placement: 'boarding_school' }).expect(400)).body.fields).toEqual(['placement']);
      expect((await send('post', '/children', w.counsellor, { ...base, protectionMeasure: 'prison' }).expect(400)).body.fields).toEqual(['protectionMeasure']);
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM case_child`))[0].n).toBe(before);
    });

    it('records results for the team, shows them to parents, not to partners', async () => {
      const r = await send('post', '/results', w.counsellor, { kind: 'visiting_arrangement', date: '2026-01-15', note: 'Elke zaterdag.' }).expect(201);
      expect(r.body).toMatchObject({ kind: 'visiting_arrangement', date: '2026-01-15', note: 'Elke zaterdag.' });
      expect((await get('/results', w.parent).expect(200)).body.map((x: { id: string }) => x.id)).toContain(r.body.id);
      await get('/results', w.partner).expect(403);
      await send('post', '/results', w.parent, { kind: 'therapy', date: '2026-01-15' }).expect(403);
      expect((await send('post', '/results', w.counsellor, { kind: 'lottery', date: '2026-01-15' }).expect(400)).body.fields).toEqual(['kind']);
      expect((await send('post', '/results', w.counsellor, { kind: 'therapy', date: '2999-01-01' }).expect(400)).body.field).toBe('date');
    });
  });
});
