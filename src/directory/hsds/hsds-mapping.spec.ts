import { randomUUID } from 'node:crypto';
import { derivedId, type DirectoryRecords, fromHsds, toHsds } from './hsds-mapping.js';

const none = { organizationIds: new Set<string>(), locationIds: new Set<string>(), serviceIds: new Set<string>() };

function records(): DirectoryRecords {
  const org = randomUUID(); const service = randomUUID(); const location = randomUUID();
  return {
    organizations: [{ id: org, name: 'Org', description: 'Wat wij doen', url: 'https://example.test/', email: 'a@example.test', phone: '010 123 4567' }],
    services: [{ id: service, organizationId: org, name: 'Hulp', description: 'Biedt hulp', themes: ['housing', 'legal_aid'], regionCodes: ['twente'],
      eligibility: 'Ouders', referralNeeded: true, howToApply: 'Bellen', isDemo: false }],
    locations: [{ id: location, organizationId: org, locationType: 'physical', name: null, address: 'Straat 1', postalCode: '7511 AA', city: 'Enschede', stateProvince: '', country: 'NL' }],
    serviceAtLocations: [{ id: randomUUID(), serviceId: service, locationId: location, position: 0 }],
  };
}

describe('HSDS 3.0 mapping', () => {
  it('reads back exactly what it wrote', () => {
    const r = records();
    const { records: back, problems } = fromHsds(toHsds(r), none);
    expect(problems).toEqual([]);
    expect(back).toEqual(r);
  });

  it('derives stable ids for nested objects (so export → import → export is the same document)', () => {
    expect(derivedId('a', 'b')).toBe(derivedId('a', 'b'));
    expect(derivedId('a', 'b')).not.toBe(derivedId('a', 'c'));
    expect(derivedId('a', 'b')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('names every bad record by its place and returns no records at all', () => {
    const doc = toHsds(records());
    delete (doc.services[0] as Record<string, unknown>).name;
    delete (doc.organizations[0] as Record<string, unknown>).description;
    (doc.locations[0] as Record<string, unknown>).location_type = 'boat';
    (doc.service_at_locations[0] as Record<string, unknown>).colour = 'blue';
    const { records: back, problems } = fromHsds(doc, none);
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining([
      'services[0].name', 'organizations[0].description', 'locations[0].location_type', 'service_at_locations[0].colour',
    ]));
    expect(back.services).toEqual([]);
    expect(back.organizations).toEqual([]);
  });

  it('refuses two links between the same service and location, and the same id twice', () => {
    const doc = toHsds(records());
    doc.service_at_locations.push({ ...doc.service_at_locations[0], id: randomUUID() });
    doc.services.push({ ...doc.services[0] });
    const { problems } = fromHsds(doc, none);
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(['service_at_locations[1].location_id', 'services[1].id']));
  });

  it('refuses unknown themes, regions and a missing referral answer, naming the nested field', () => {
    const doc = toHsds(records());
    const s = doc.services[0] as { attributes: Record<string, unknown>[]; service_areas: Record<string, unknown>[] };
    (s.attributes[0].taxonomy_term as Record<string, unknown>).code = 'space_travel';
    s.service_areas[0].extent = 'atlantis';
    s.attributes = s.attributes.filter((a) => a.link_type !== 'referral_needed');
    const { problems } = fromHsds(doc, none);
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining([
      'services[0].attributes[0].taxonomy_term.code', 'services[0].service_areas[0].extent', 'services[0].attributes',
    ]));
  });
});
