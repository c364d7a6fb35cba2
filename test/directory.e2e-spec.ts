import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { caseWorld, createCase, type CaseWorld } from './cases.helpers.js';

const HSDS = JSON.parse(readFileSync(new URL('./fixtures/hsds-3.0-required.json', import.meta.url), 'utf8')) as {
  required: Record<string, string[]>; properties: Record<string, string[]>; enums: Record<string, string[]>;
};

const ITEM_KEYS = ['description', 'eligibility', 'howToApply', 'id', 'isDemo', 'locations', 'name', 'organization', 'referralNeeded', 'regionCodes', 'themes'];

function service(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Schuldhulp Twente', description: 'Wij helpen u met schulden en met post die u niet begrijpt.', themes: ['debts_and_money'],
    regionCodes: ['twente'], eligibility: 'Ouders in Twente met schulden.', referralNeeded: false, howToApply: 'Bel ons op werkdagen.',
    organization: { name: 'Geldhulp Oost', url: 'https://geldhulp.example.test/', email: 'info@geldhulp.example.test', phone: '053 123 4567' },
    locations: [{ address: 'Marktstraat 1', postalCode: '7511ab', city: 'Enschede' }],
    ...overrides,
  };
}

/**
 * The help directory (issue 20): public search by region, theme and Dutch full-text search, the
 * coordinators' edits, HSDS 3.0 export and all-or-nothing import, and suggestions from a case.
 */
describe('help directory (e2e)', () => {
  let t: TestApp;
  let w: CaseWorld;
  let caseId: string;
  const ids: Record<string, string> = {};

  const create = async (by: TestUser, body: Record<string, unknown>) =>
    (await t.http().post('/api/directory/services').set(bearer(by)).send(body).expect(201)).body;
  const search = async (query: Record<string, string>) => (await t.http().get('/api/directory/services').query(query).expect(200)).body;
  const count = async () => (await t.dataSource.query(`SELECT (SELECT count(*) FROM directory_service)::int AS s, (SELECT count(*) FROM directory_organization)::int AS o`))[0];

  beforeAll(async () => {
    t = await createTestApp();
    w = await caseWorld(t);
    caseId = await createCase(t, w.counsellor, 'Familie Jansen', [[w.parent, 'parent'], [w.partner, 'guardian']]);
    await t.factories.consent(caseId, { grantedById: w.parent.id, granteeUserId: w.partner.id, scopes: ['story', 'updates', 'children'] });
    ids.debts = (await create(w.coordinator, service())).id;
    ids.housing = (await create(w.coordinator, service({
      name: 'Woningurgentie Zwolle', description: 'Hulp bij het aanvragen van urgentie voor een woning.', themes: ['housing'], regionCodes: ['ijsselland'],
      eligibility: 'Ouders zonder eigen huis.', referralNeeded: true, howToApply: 'Vraag uw wijkteam om een verwijzing.',
      organization: { name: 'Woonhulp Zwolle' }, locations: [],
    }))).id;
    ids.national = (await create(w.coordinator, service({
      name: 'Landelijke lotgenotengroep', description: 'Ouders praten met elkaar over de uithuisplaatsing van hun kinderen.', themes: ['peer_support'], regionCodes: [],
      eligibility: 'Alle ouders.', howToApply: 'Stuur een mail.', organization: { name: 'Lotgenoten NL' }, locations: [],
    }))).id;
  }, 120_000);
  afterAll(() => t.close());

  describe('public search', () => {
    it('answers without login, with exactly the contract’s item shape', async () => {
      const page = await search({});
      expect(page.nextCursor).toBeNull();
      expect(page.items).toHaveLength(3);
      const debts = page.items.find((s: { id: string }) => s.id === ids.debts);
      expect(Object.keys(debts).sort()).toEqual(ITEM_KEYS);
      expect(debts).toMatchObject({
        name: 'Schuldhulp Twente', themes: ['debts_and_money'], regionCodes: ['twente'], eligibility: 'Ouders in Twente met schulden.',
        referralNeeded: false, howToApply: 'Bel ons op werkdagen.', isDemo: false,
        organization: { id: expect.any(String), name: 'Geldhulp Oost', url: 'https://geldhulp.example.test/', email: 'info@geldhulp.example.test', phone: '053 123 4567' },
        locations: [{ address: 'Marktstraat 1', postalCode: '7511 AB', city: 'Enschede' }],
      });
      expect(Object.keys(debts.organization).sort()).toEqual(['email', 'id', 'name', 'phone', 'url']);
      expect((await t.http().get(`/api/directory/services/${ids.debts}`).expect(200)).body).toEqual(debts);
    });

    it('filters by region (nationwide services count everywhere) and by theme', async () => {
      const names = async (q: Record<string, string>) => (await search(q)).items.map((s: { name: string }) => s.name);
      expect(await names({ region: 'twente' })).toEqual(['Landelijke lotgenotengroep', 'Schuldhulp Twente']);
      expect(await names({ region: 'ijsselland' })).toEqual(['Landelijke lotgenotengroep', 'Woningurgentie Zwolle']);
      expect(await names({ theme: 'housing' })).toEqual(['Woningurgentie Zwolle']);
      expect(await names({ region: 'twente', theme: 'housing' })).toEqual([]);
    });

    it('searches free text with the Dutch configuration (stems, not substrings)', async () => {
      const names = async (q: string) => (await search({ q })).items.map((s: { name: string }) => s.name);
      expect(await names('schuld')).toEqual(['Schuldhulp Twente']); // "schulden" in the description
      expect(await names('woning urgentie')).toEqual(['Woningurgentie Zwolle']);
      expect(await names('ouders -schulden')).not.toContain('Schuldhulp Twente');
      expect(await names('"uithuisplaatsing van hun kinderen"')).toEqual(['Landelijke lotgenotengroep']);
      expect(await names('de het')).toHaveLength(3); // only stop words: no text condition
      expect(await names('zzzonbekend')).toEqual([]);
    });

    it('takes operators and markup as plain words: never an error', async () => {
      for (const q of ['"', "'", "o'reilly", '&|!():*', 'schuld & | ! ( ) : *', '<script>alert(1)</script>', '\\', '%_', 'a:*', '!!!', '((((', 'x'.repeat(200), 'or', '-', '""']) {
        const res = await t.http().get('/api/directory/services').query({ q });
        expect({ q, status: res.status }).toEqual({ q, status: 200 });
        expect(Array.isArray(res.body.items)).toBe(true);
      }
      // Markup is read as words too: nothing is run or echoed back.
      const markup = await t.http().get('/api/directory/services').query({ q: '<script>alert(1)</script>' }).expect(200);
      expect(JSON.stringify(markup.body)).not.toContain('<script>');
      expect((await search({ q: 'schuld)(*' })).items.map((s: { name: string }) => s.name)).toEqual(['Schuldhulp Twente']);
    });

    it('refuses too long input, NUL, unknown themes and regions with a 400 naming the field', async () => {
      const bad = async (query: Record<string, string>, field: string) => {
        const res = await t.http().get('/api/directory/services').query(query).expect(400);
        expect(JSON.stringify(res.body.message)).toContain(field);
      };
      await bad({ q: 'x'.repeat(201) }, 'q');
      await bad({ q: 'schuld\u0000' }, 'q');
      await bad({ theme: 'space_travel' }, 'theme');
      await bad({ region: 'atlantis' }, 'region');
      await bad({ limit: '0' }, 'limit');
      await bad({ after: 'not-a-uuid' }, 'after');
      await t.http().get('/api/directory/services/not-a-uuid').expect(400);
      await t.http().get(`/api/directory/services/${randomUUID()}`).expect(404);
    });

    it('pages with ?limit= and ?after=', async () => {
      const first = await search({ limit: '2' });
      expect(first.items).toHaveLength(2);
      expect(first.nextCursor).toBe(first.items[1].id);
      const second = await search({ limit: '2', after: first.nextCursor });
      expect(second.items).toHaveLength(1);
      expect(second.nextCursor).toBeNull();
      expect(new Set([...first.items, ...second.items].map((s: { id: string }) => s.id)).size).toBe(3);
      // With search text the best matches come first; the cursor keeps that order page by page.
      const all = (await search({ q: 'ouders' })).items.map((s: { id: string }) => s.id);
      expect(all).toHaveLength(3);
      const paged: string[] = [];
      let after: string | null = null;
      do {
        const page: { items: { id: string }[]; nextCursor: string | null } = await search({ q: 'ouders', limit: '1', ...(after ? { after } : {}) });
        paged.push(...page.items.map((s) => s.id));
        after = page.nextCursor;
      } while (after);
      expect(paged).toEqual(all);
      expect((await search({ q: 'lotgenotengroep' })).items[0].id).toBe(ids.national);
    });

    it('uses the GIN indexes, not a scan of every row (the plan PostgreSQL chooses when it must not scan)', async () => {
      const plan = await t.dataSource.transaction(async (m) => {
        await m.query(`SET LOCAL enable_seqscan = off`);
        const rows: { 'QUERY PLAN': string }[] = await m.query(
          `EXPLAIN SELECT id FROM directory_service s WHERE s.search @@ websearch_to_tsquery('dutch', 'schulden') AND s.themes @> ARRAY['debts_and_money']`);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
      expect(plan).toMatch(/directory_service_(search|themes)_idx/);
      expect(plan).not.toMatch(/Seq Scan/);
    });
  });

  describe('coordinators keep it up to date', () => {
    it('lets only coordinators add, change and remove; 401 without login', async () => {
      await t.http().post('/api/directory/services').send(service()).expect(401);
      for (const who of [w.counsellor, w.parent, w.partner, w.admin]) {
        await t.http().post('/api/directory/services').set(bearer(who)).send(service()).expect(403);
      }
      const made = await create(w.coordinator, service({ name: 'Tijdelijk', organization: { name: 'Tijdelijke org' } }));
      const changed = (await t.http().patch(`/api/directory/services/${made.id}`).set(bearer(w.coordinator))
        .send({ referralNeeded: true, themes: ['legal_aid', 'other'], locations: [] }).expect(200)).body;
      expect(changed).toMatchObject({ name: 'Tijdelijk', referralNeeded: true, themes: ['legal_aid', 'other'], locations: [] });
      const before = await count();
      await t.http().delete(`/api/directory/services/${made.id}`).set(bearer(w.coordinator)).expect(204);
      await t.http().get(`/api/directory/services/${made.id}`).expect(404);
      expect(await count()).toEqual({ s: before.s - 1, o: before.o - 1 }); // its organization had no other services
      const audit = await t.dataSource.query(`SELECT action FROM audit_event WHERE subject_id = $1 ORDER BY seq`, [made.id]);
      expect(audit.map((a: { action: string }) => a.action)).toEqual(['directory.service.created', 'directory.service.updated', 'directory.service.deleted']);
    });

    it('refuses bad input naming each field, and writes nothing', async () => {
      const before = await count();
      const res = await t.http().post('/api/directory/services').set(bearer(w.coordinator)).send(service({
        themes: ['housing', 'space_travel'], regionCodes: ['atlantis'], eligibility: '  ', referralNeeded: 'ja', organization: { name: 'X', email: 'nope' },
        locations: [{ address: 'Straat 1', postalCode: '12', city: 'Stad' }], colour: 'blue',
      })).expect(400);
      const text = JSON.stringify(res.body.message);
      for (const field of ['themes', 'regionCodes', 'eligibility', 'referralNeeded', 'organization.email', 'locations.0.postalCode', 'colour']) expect(text).toContain(field);
      const missing = await t.http().post('/api/directory/services').set(bearer(w.coordinator)).send({ name: 'Alleen een naam' }).expect(400);
      for (const field of ['description', 'themes', 'regionCodes', 'eligibility', 'referralNeeded', 'howToApply', 'organization', 'locations']) {
        expect(missing.body.fields).toContain(field);
      }
      const unknownOrg = await t.http().post('/api/directory/services').set(bearer(w.coordinator))
        .send(service({ organization: { id: randomUUID(), name: 'Bestaat niet' } })).expect(400);
      expect(unknownOrg.body).toMatchObject({ code: 'unknown_organization', field: 'organization.id' });
      expect(await count()).toEqual(before);
      await t.http().patch(`/api/directory/services/${ids.debts}`).set(bearer(w.coordinator)).send({ themes: [] }).expect(400);
      await t.http().patch(`/api/directory/services/${randomUUID()}`).set(bearer(w.coordinator)).send({ name: 'x' }).expect(404);
    });
  });

  describe('HSDS 3.0', () => {
    const each = (doc: Record<string, Record<string, unknown>[]>, visit: (table: string, record: Record<string, unknown>, path: string) => void) => {
      const tables: Record<string, string> = { organizations: 'organization', services: 'service', locations: 'location', service_at_locations: 'service_at_location' };
      const nested: Record<string, string> = { phones: 'phone', service_areas: 'service_area', attributes: 'attribute', addresses: 'address', taxonomy_term: 'taxonomy_term' };
      const walk = (table: string, record: Record<string, unknown>, path: string) => {
        visit(table, record, path);
        for (const [key, value] of Object.entries(record)) {
          if (!nested[key]) continue;
          const list = Array.isArray(value) ? value : value ? [value] : [];
          list.forEach((v, i) => walk(nested[key], v as Record<string, unknown>, `${path}.${key}[${i}]`));
        }
      };
      for (const [key, table] of Object.entries(tables)) doc[key].forEach((r, i) => walk(table, r, `${key}[${i}]`));
    };

    it('exports the HSDS 3.0 field names, every required field present, every enumeration kept', async () => {
      const doc = (await t.http().get('/api/directory/hsds').expect(200)).body;
      expect(Object.keys(doc).sort()).toEqual(['locations', 'organizations', 'service_at_locations', 'services']);
      expect(doc.services.length).toBeGreaterThanOrEqual(3);
      const problems: string[] = [];
      const seen = new Set<string>();
      each(doc, (table, record, path) => {
        seen.add(table);
        for (const key of Object.keys(record)) if (!HSDS.properties[table].includes(key)) problems.push(`${path}.${key} is no HSDS field`);
        for (const key of HSDS.required[table]) if (record[key] === undefined || record[key] === null) problems.push(`${path}.${key} missing`);
        for (const [field, allowed] of Object.entries(HSDS.enums)) {
          const [tbl, key] = field.split('.');
          if (tbl === table && !allowed.includes(record[key] as string)) problems.push(`${path}.${key} = ${String(record[key])}`);
        }
      });
      expect(problems).toEqual([]);
      expect([...seen].sort()).toEqual(['address', 'attribute', 'location', 'organization', 'phone', 'service', 'service_area', 'service_at_location', 'taxonomy_term']);
      const debts = doc.services.find((s: { id: string }) => s.id === ids.debts);
      expect(debts).toMatchObject({ status: 'active', eligibility_description: 'Ouders in Twente met schulden.', application_process: 'Bel ons op werkdagen.' });
    });

    it('round-trips: export → empty directory → import → the same export', async () => {
      const exported = (await t.http().get('/api/directory/hsds').expect(200)).body;
      for (const s of exported.services) await t.http().delete(`/api/directory/services/${s.id}`).set(bearer(w.coordinator)).expect(204);
      expect((await search({})).items).toEqual([]);
      const counts = (await t.http().post('/api/directory/hsds').set(bearer(w.coordinator)).send(exported).expect(200)).body;
      expect(counts).toEqual({ organizations: exported.organizations.length, services: exported.services.length, locations: exported.locations.length, service_at_locations: exported.service_at_locations.length });
      expect((await t.http().get('/api/directory/hsds').expect(200)).body).toEqual(exported);
      expect((await search({ q: 'schuld' })).items.map((s: { id: string }) => s.id)).toEqual([ids.debts]);
      // Importing the same document again changes nothing.
      await t.http().post('/api/directory/hsds').set(bearer(w.coordinator)).send(exported).expect(200);
      expect((await t.http().get('/api/directory/hsds').expect(200)).body).toEqual(exported);
      // Links alone, under new ids, to services and locations the directory holds: they replace the old links, never a 500.
      const relinked = exported.service_at_locations.map((sl: Record<string, unknown>) => ({ ...sl, id: randomUUID() }));
      expect(relinked.length).toBeGreaterThan(0);
      await t.http().post('/api/directory/hsds').set(bearer(w.coordinator))
        .send({ organizations: [], services: [], locations: [], service_at_locations: relinked }).expect(200);
      expect((await t.http().get('/api/directory/hsds').expect(200)).body.service_at_locations).toEqual(relinked);
    });

    it('refuses a document with missing required fields as a whole, naming each bad record, and imports nothing of it', async () => {
      const doc = (await t.http().get('/api/directory/hsds').expect(200)).body;
      const fresh = JSON.parse(JSON.stringify(doc.services[0]));
      fresh.id = randomUUID();
      fresh.name = 'Nieuwe goede dienst';
      fresh.attributes = fresh.attributes.map((a: Record<string, unknown>) => ({ ...a, id: randomUUID(), link_id: fresh.id }));
      fresh.service_areas = [];
      const broken = JSON.parse(JSON.stringify(doc.services[1]));
      broken.id = randomUUID();
      delete broken.name;
      delete broken.status;
      const org = { id: randomUUID(), name: 'Org zonder beschrijving' };
      const before = await count();
      const res = await t.http().post('/api/directory/hsds').set(bearer(w.coordinator))
        .send({ organizations: [...doc.organizations, org], services: [...doc.services, fresh, broken], locations: [{ id: randomUUID() }], service_at_locations: [{ id: randomUUID(), service_id: fresh.id, location_id: randomUUID() }] })
        .expect(400);
      const n = doc.services.length;
      expect(res.body.code).toBe('hsds_invalid');
      expect(res.body.fields).toEqual(expect.arrayContaining([
        `services[${n + 1}].name`, `services[${n + 1}].status`, `organizations[${doc.organizations.length}].description`,
        'locations[0].location_type', 'service_at_locations[0].location_id',
      ]));
      expect(res.body.fields).not.toContain(`services[${n}].name`);
      expect(res.body.message).toContain(`services[${n + 1}].name`);
      expect(await count()).toEqual(before);
      await t.http().get(`/api/directory/services/${fresh.id}`).expect(404);
    });

    it('answers garbage in any field with a 400 naming it, never a 500', async () => {
      const garbage = [
        { organizations: [{ id: 5, name: [], description: {}, phones: 'x' }], services: [], locations: [], service_at_locations: [] },
        { organizations: [], services: [{ id: randomUUID(), name: 'x', status: 'active', attributes: [null, 7, { id: 'no', link_type: 'theme', taxonomy_term: 'housing' }], service_areas: {} }], locations: [], service_at_locations: [] },
        { organizations: [], services: [], locations: [{ id: randomUUID(), location_type: 'physical', addresses: [{}, 'x'] }], service_at_locations: [] },
        { organizations: [], services: [], locations: [], service_at_locations: [{ id: randomUUID(), service_id: 'x'.repeat(5000), location_id: null }] },
        { organizations: [{ id: randomUUID(), name: 'x'.repeat(201), description: '', __proto__x: 1 }], services: [], locations: [], service_at_locations: [] },
      ];
      for (const doc of garbage) {
        const res = await t.http().post('/api/directory/hsds').set(bearer(w.coordinator)).send(doc);
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'hsds_invalid' });
        expect(res.body.fields.length).toBeGreaterThan(0);
      }
    });

    it('lets only coordinators import; refuses a body that is no HSDS document', async () => {
      await t.http().post('/api/directory/hsds').send({ organizations: [], services: [], locations: [], service_at_locations: [] }).expect(401);
      await t.http().post('/api/directory/hsds').set(bearer(w.counsellor)).send({ organizations: [], services: [], locations: [], service_at_locations: [] }).expect(403);
      const res = await t.http().post('/api/directory/hsds').set(bearer(w.coordinator)).send({ services: 'no', organizations: [1] }).expect(400);
      expect(res.body.fields).toEqual(expect.arrayContaining(['services', 'organizations', 'locations', 'service_at_locations']));
    });
  });

  describe('a counsellor suggests a service to the parent', () => {
    it('shows it to the team and the parents, in the parent’s access log in plain words; never to partners or other teams', async () => {
      const suggestion = (await t.http().post(`/api/cases/${caseId}/service-suggestions`).set(bearer(w.counsellor))
        .send({ serviceId: ids.debts, note: 'Misschien helpt dit met de brieven.' }).expect(201)).body;
      expect(suggestion).toMatchObject({
        caseId, serviceName: 'Schuldhulp Twente', note: 'Misschien helpt dit met de brieven.',
        suggestedBy: { id: w.counsellor.id, displayName: 'Bram Begeleider' }, service: { id: ids.debts, howToApply: 'Bel ons op werkdagen.' },
      });
      const parentView = (await t.http().get(`/api/cases/${caseId}/service-suggestions`).set(bearer(w.parent)).expect(200)).body;
      expect(parentView.items.map((s: { id: string }) => s.id)).toEqual([suggestion.id]);
      await t.http().get(`/api/cases/${caseId}/service-suggestions`).set(bearer(w.coordinator)).expect(200);
      // A partner with every consent, and a parent or counsellor of no part in the case, do not see it.
      await t.http().get(`/api/cases/${caseId}/service-suggestions`).set(bearer(w.partner)).expect(403);
      await t.http().post(`/api/cases/${caseId}/service-suggestions`).set(bearer(w.parent)).send({ serviceId: ids.debts }).expect(403);
      await t.http().post(`/api/cases/${caseId}/service-suggestions`).set(bearer(w.partner)).send({ serviceId: ids.debts }).expect(403);
      const stranger = await t.factories.user('parent', { displayName: 'Andere Ouder' });
      await t.http().get(`/api/cases/${caseId}/service-suggestions`).set(bearer(stranger)).expect(404);
      const otherTeam = await t.factories.organisation('support_team', 'Ander team');
      const outsider = await t.factories.user('counsellor', { organisationId: otherTeam.id });
      await t.http().post(`/api/cases/${caseId}/service-suggestions`).set(bearer(outsider)).send({ serviceId: ids.debts }).expect(404);

      // The parent's start page: their own suggestions, without a line in the case's access log.
      const caseEvents = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE case_id = $1`, [caseId]))[0].n as number;
      const before = await caseEvents();
      const home = (await t.http().get('/api/me/service-suggestions').set(bearer(w.parent)).expect(200)).body;
      expect(home).toEqual({ items: [expect.objectContaining({ id: suggestion.id, caseId, serviceName: 'Schuldhulp Twente' })], nextCursor: null });
      expect(await caseEvents()).toBe(before);
      expect((await t.http().get('/api/me/service-suggestions').set(bearer(stranger)).expect(200)).body.items).toEqual([]);
      expect((await t.http().get('/api/me/service-suggestions').set(bearer(w.counsellor)).expect(200)).body.items).toEqual([]);
      await t.http().get('/api/me/service-suggestions').set(bearer(w.partner)).expect(403);
      await t.http().get('/api/me/service-suggestions').expect(401);

      const log = (await t.http().get(`/api/cases/${caseId}/access-log`).set(bearer(w.parent)).expect(200)).body;
      const lines = JSON.stringify(log);
      expect(lines).toContain('raadde hulp aan uit het overzicht hulp');
      expect(lines).toContain('bekeek de hulp die werd aangeraden');
    });

    it('refuses an unknown service naming serviceId and writes nothing; keeps the name when the service leaves the directory', async () => {
      const res = await t.http().post(`/api/cases/${caseId}/service-suggestions`).set(bearer(w.counsellor)).send({ serviceId: randomUUID() }).expect(400);
      expect(res.body).toMatchObject({ code: 'unknown_service', field: 'serviceId' });
      await t.http().post(`/api/cases/${caseId}/service-suggestions`).set(bearer(w.counsellor)).send({ serviceId: ids.housing, extra: 1 }).expect(400);
      const gone = await create(w.coordinator, service({ name: 'Verdwijnt', organization: { name: 'Weg org' } }));
      await t.http().post(`/api/cases/${caseId}/service-suggestions`).set(bearer(w.counsellor)).send({ serviceId: gone.id }).expect(201);
      await t.http().delete(`/api/directory/services/${gone.id}`).set(bearer(w.coordinator)).expect(204);
      const list = (await t.http().get(`/api/cases/${caseId}/service-suggestions`).set(bearer(w.parent)).expect(200)).body;
      expect(list.items).toHaveLength(2);
      expect(list.items[0]).toMatchObject({ serviceName: 'Verdwijnt', service: null, note: null });
    });
  });
});
