import { createHash } from 'node:crypto';
import { isRegionCode, regionByCode } from '../../cases/regions.js';
import { DIRECTORY_THEMES, type DirectoryTheme } from '../../shared/directory-vocabulary.js';
import {
  DIRECTORY_REQUIRED, EXTENT_TYPE_REGION, HSDS_ADDRESS_TYPES, HSDS_FIELDS, HSDS_LOCATION_TYPES, HSDS_REQUIRED, HSDS_SERVICE_STATUSES,
  type HsdsTable, LINK_TYPE_DEMO, LINK_TYPE_REFERRAL, LINK_TYPE_THEME, THEME_TAXONOMY,
} from './hsds-schema.js';

/** The directory as it is stored, table by table: what both the export and the import speak. */
export interface OrganizationRecord { id: string; name: string; description: string; url: string | null; email: string | null; phone: string | null }
export interface ServiceRecord {
  id: string; organizationId: string; name: string; description: string; themes: DirectoryTheme[]; regionCodes: string[];
  eligibility: string; referralNeeded: boolean; howToApply: string; isDemo: boolean;
}
export interface LocationRecord {
  id: string; organizationId: string | null; locationType: string; name: string | null;
  address: string | null; postalCode: string | null; city: string | null; stateProvince: string; country: string;
}
export interface ServiceAtLocationRecord { id: string; serviceId: string; locationId: string; position: number }
export interface DirectoryRecords {
  organizations: OrganizationRecord[];
  services: ServiceRecord[];
  locations: LocationRecord[];
  serviceAtLocations: ServiceAtLocationRecord[];
}

export type HsdsObject = Record<string, unknown>;
export interface HsdsDocument { organizations: HsdsObject[]; services: HsdsObject[]; locations: HsdsObject[]; service_at_locations: HsdsObject[] }
export interface HsdsProblem { path: string; message: string }

/** A stable UUID for a nested HSDS object that has no row of its own (a theme attribute, a service area), so that export → import → export is the same document. */
export function derivedId(parent: string, what: string): string {
  const h = createHash('sha1').update(`eenverhaal:${parent}:${what}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** The Dutch names of the themes, as HSDS taxonomy terms. */
export const THEME_NAMES: Record<DirectoryTheme, { name: string; description: string }> = {
  housing: { name: 'Wonen', description: 'Een huis vinden of houden, urgentie, opvang.' },
  debts_and_money: { name: 'Schulden en geld', description: 'Hulp bij schulden, geldzaken en toeslagen.' },
  legal_aid: { name: 'Juridische hulp', description: 'Advies en bijstand van een advocaat of jurist.' },
  parenting_support: { name: 'Opvoeden', description: 'Steun bij het opvoeden en bij het ouderschap.' },
  mental_health: { name: 'Psychische hulp', description: 'Hulp bij psychische klachten, therapie.' },
  peer_support: { name: 'Lotgenoten', description: 'Contact met ouders die hetzelfde meemaakten.' },
  children_and_youth: { name: 'Kinderen en jongeren', description: 'Hulp en steun voor kinderen en jongeren zelf.' },
  contact_with_children: { name: 'Contact met je kinderen', description: 'Omgang, bezoeksregeling en contact met uw kinderen.' },
  work_and_income: { name: 'Werk en inkomen', description: 'Werk zoeken, uitkering en inkomen.' },
  other: { name: 'Overig', description: 'Andere hulp.' },
};

export const themeTermId = (theme: DirectoryTheme) => derivedId(THEME_TAXONOMY, theme);

/** The directory in HSDS 3.0 field names. */
export function toHsds(records: DirectoryRecords): HsdsDocument {
  return {
    organizations: records.organizations.map((o) => ({
      id: o.id, name: o.name, description: o.description, email: o.email, website: o.url,
      phones: o.phone ? [{ id: derivedId(o.id, 'phone'), organization_id: o.id, number: o.phone }] : [],
    })),
    services: records.services.map((s) => ({
      id: s.id, organization_id: s.organizationId, name: s.name, description: s.description, status: 'active',
      eligibility_description: s.eligibility, application_process: s.howToApply,
      service_areas: s.regionCodes.map((code) => ({
        id: derivedId(s.id, `area:${code}`), service_id: s.id, name: regionByCode(code)?.name ?? code, extent: code, extent_type: EXTENT_TYPE_REGION,
      })),
      attributes: [
        ...s.themes.map((theme) => ({
          id: derivedId(s.id, `theme:${theme}`), link_id: s.id, link_type: LINK_TYPE_THEME, link_entity: 'service', taxonomy_term_id: themeTermId(theme),
          taxonomy_term: { id: themeTermId(theme), code: theme, name: THEME_NAMES[theme].name, description: THEME_NAMES[theme].description, taxonomy: THEME_TAXONOMY },
        })),
        { id: derivedId(s.id, 'referral'), link_id: s.id, link_type: LINK_TYPE_REFERRAL, link_entity: 'service', value: String(s.referralNeeded) },
        ...(s.isDemo ? [{ id: derivedId(s.id, 'demo'), link_id: s.id, link_type: LINK_TYPE_DEMO, link_entity: 'service', value: 'true' }] : []),
      ],
    })),
    locations: records.locations.map((l) => ({
      id: l.id, location_type: l.locationType, organization_id: l.organizationId, name: l.name,
      addresses: l.address ? [{
        id: derivedId(l.id, 'address'), location_id: l.id, address_1: l.address, city: l.city, state_province: l.stateProvince,
        postal_code: l.postalCode, country: l.country, address_type: 'physical',
      }] : [],
    })),
    service_at_locations: records.serviceAtLocations.map((sl) => ({ id: sl.id, service_id: sl.serviceId, location_id: sl.locationId })),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isObject = (v: unknown): v is HsdsObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const MAX_TEXT = 4000;

/** Reads one HSDS object: its field names, required fields and the types of the fields the directory keeps. */
class RecordReader {
  constructor(private readonly problems: HsdsProblem[], readonly path: string, readonly value: HsdsObject, table: HsdsTable, extraRequired: readonly string[] = []) {
    const known: readonly string[] = HSDS_FIELDS[table];
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) this.problem(key, `not an HSDS 3.0 field of ${table}`);
    }
    for (const key of HSDS_REQUIRED[table]) {
      if (value[key] === undefined || value[key] === null) this.problem(key, `required by HSDS 3.0 (${table})`);
    }
    for (const key of extraRequired) {
      if (value[key] === undefined || value[key] === null || (typeof value[key] === 'string' && !(value[key] as string).trim())) {
        this.problem(key, 'required by the help directory');
      }
    }
  }

  problem(field: string, message: string): void {
    this.problems.push({ path: `${this.path}.${field}`, message });
  }

  /** A string field: null when absent; a problem when of another type or too long. */
  text(field: string, options: { max?: number; nonEmpty?: boolean } = {}): string | null {
    const v = this.value[field];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') { this.problem(field, 'must be a string'); return null; }
    if (v.length > (options.max ?? MAX_TEXT)) { this.problem(field, `at most ${options.max ?? MAX_TEXT} characters`); return null; }
    if (options.nonEmpty && !v.trim()) { this.problem(field, 'must not be empty'); return null; }
    return v;
  }

  uuid(field: string): string | null {
    const v = this.text(field, { max: 36 });
    if (v !== null && !UUID.test(v)) { this.problem(field, 'must be a UUID'); return null; }
    return v?.toLowerCase() ?? null;
  }

  objects(field: string): { path: string; value: HsdsObject }[] {
    const v = this.value[field];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) { this.problem(field, 'must be an array'); return []; }
    return v.flatMap((item, i) => {
      if (!isObject(item)) { this.problem(`${field}[${i}]`, 'must be an object'); return []; }
      return [{ path: `${this.path}.${field}[${i}]`, value: item }];
    });
  }
}

function reader(problems: HsdsProblem[], path: string, value: unknown, table: HsdsTable, extra: readonly string[] = []): RecordReader | null {
  if (!isObject(value)) { problems.push({ path, message: 'must be an object' }); return null; }
  return new RecordReader(problems, path, value, table, extra);
}

/**
 * An HSDS 3.0 document as the directory's records, or every problem in it, each named by its place
 * (`services[3].name`). `known` says which organization and location ids the directory holds
 * already, so a document may point at them. Nothing is read half: with any problem, no records.
 */
export function fromHsds(doc: HsdsDocument, known: { organizationIds: ReadonlySet<string>; locationIds: ReadonlySet<string>; serviceIds: ReadonlySet<string> }):
  { records: DirectoryRecords; problems: HsdsProblem[] } {
  const problems: HsdsProblem[] = [];
  const records: DirectoryRecords = { organizations: [], services: [], locations: [], serviceAtLocations: [] };
  const seen = () => new Map<string, string>();
  const unique = (ids: Map<string, string>, id: string | null, path: string) => {
    if (!id) return;
    if (ids.has(id)) problems.push({ path: `${path}.id`, message: `the same id as ${ids.get(id)}` });
    else ids.set(id, path);
  };

  const orgIds = seen();
  doc.organizations.forEach((value, i) => {
    const r = reader(problems, `organizations[${i}]`, value, 'organization');
    if (!r) return;
    const id = r.uuid('id');
    unique(orgIds, id, r.path);
    const name = r.text('name', { max: 200, nonEmpty: true });
    const description = r.text('description') ?? '';
    const email = r.text('email', { max: 200 });
    const website = r.text('website', { max: 500 });
    // Every phone is checked; the directory keeps the first number.
    const [phone = null] = r.objects('phones').map((p) => {
      const pr = reader(problems, p.path, p.value, 'phone');
      const number = pr?.text('number', { max: 40 }) ?? null;
      pr?.uuid('id');
      return number;
    });
    if (id && name) records.organizations.push({ id, name, description, url: website, email, phone });
  });

  const locationIds = seen();
  doc.locations.forEach((value, i) => {
    const r = reader(problems, `locations[${i}]`, value, 'location');
    if (!r) return;
    const id = r.uuid('id');
    unique(locationIds, id, r.path);
    const locationType = r.text('location_type');
    if (locationType !== null && !(HSDS_LOCATION_TYPES as readonly string[]).includes(locationType)) r.problem('location_type', `one of ${HSDS_LOCATION_TYPES.join(', ')}`);
    const organizationId = r.uuid('organization_id');
    if (organizationId && !orgIds.has(organizationId) && !known.organizationIds.has(organizationId)) r.problem('organization_id', 'no such organization in the document or the directory');
    const name = r.text('name', { max: 200 });
    const addresses = r.objects('addresses');
    // Every address is checked; the directory keeps the first, when it is complete.
    const [a = null] = addresses.map((entry) => {
      const ar = reader(problems, entry.path, entry.value, 'address');
      if (!ar) return null;
      ar.uuid('id');
      const type = ar.text('address_type');
      if (type !== null && !(HSDS_ADDRESS_TYPES as readonly string[]).includes(type)) ar.problem('address_type', `one of ${HSDS_ADDRESS_TYPES.join(', ')}`);
      const line = ar.text('address_1', { max: 200, nonEmpty: true });
      const city = ar.text('city', { max: 100, nonEmpty: true });
      const postalCode = ar.text('postal_code', { max: 20 });
      const stateProvince = ar.text('state_province', { max: 100 });
      const country = ar.text('country', { max: 2 });
      return line && city && postalCode !== null && stateProvince !== null && country !== null
        ? { address: line, postalCode, city, stateProvince, country } : null;
    });
    if (id && locationType) {
      records.locations.push({
        id, organizationId, locationType, name, address: a?.address ?? null, postalCode: a?.postalCode ?? null, city: a?.city ?? null,
        stateProvince: a?.stateProvince ?? '', country: a?.country ?? 'NL',
      });
    }
  });

  const serviceIds = seen();
  doc.services.forEach((value, i) => {
    const r = reader(problems, `services[${i}]`, value, 'service', DIRECTORY_REQUIRED.service);
    if (!r) return;
    const id = r.uuid('id');
    unique(serviceIds, id, r.path);
    const name = r.text('name', { max: 200, nonEmpty: true });
    const status = r.text('status');
    if (status !== null && !(HSDS_SERVICE_STATUSES as readonly string[]).includes(status)) r.problem('status', `one of ${HSDS_SERVICE_STATUSES.join(', ')}`);
    else if (status !== null && status !== 'active') r.problem('status', 'the help directory keeps active services only: leave this one out');
    const organizationId = r.uuid('organization_id');
    if (organizationId && !orgIds.has(organizationId) && !known.organizationIds.has(organizationId)) r.problem('organization_id', 'no such organization in the document or the directory');
    const description = r.text('description', { nonEmpty: true });
    const eligibility = r.text('eligibility_description', { max: 2000, nonEmpty: true });
    const howToApply = r.text('application_process', { max: 2000, nonEmpty: true });

    const regionCodes: string[] = [];
    r.objects('service_areas').forEach((area) => {
      const ar = reader(problems, area.path, area.value, 'service_area');
      if (!ar) return;
      ar.uuid('id');
      const extent = ar.text('extent', { max: 100 });
      if (!extent || !isRegionCode(extent)) ar.problem('extent', 'a youth-care region code (GET /api/regions); leave service_areas out for a nationwide service');
      else if (!regionCodes.includes(extent)) regionCodes.push(extent);
    });

    const themes: DirectoryTheme[] = [];
    let referralNeeded: boolean | null = null;
    let isDemo = false;
    r.objects('attributes').forEach((attr) => {
      const at = reader(problems, attr.path, attr.value, 'attribute');
      if (!at) return;
      at.uuid('id');
      const linkType = at.text('link_type', { max: 100 });
      if (linkType === LINK_TYPE_THEME) {
        const term = attr.value.taxonomy_term;
        const tr = reader(problems, `${attr.path}.taxonomy_term`, term, 'taxonomy_term');
        const code = tr?.text('code', { max: 100 }) ?? null;
        if (tr && (!code || !(DIRECTORY_THEMES as readonly string[]).includes(code))) tr.problem('code', `one of ${DIRECTORY_THEMES.join(', ')}`);
        else if (code && !themes.includes(code as DirectoryTheme)) themes.push(code as DirectoryTheme);
      } else if (linkType === LINK_TYPE_REFERRAL) {
        const v = at.text('value', { max: 5 });
        if (v !== 'true' && v !== 'false') at.problem('value', "'true' or 'false': whether a referral is needed");
        else referralNeeded = v === 'true';
      } else if (linkType === LINK_TYPE_DEMO) {
        isDemo = at.text('value', { max: 5 }) === 'true';
      }
    });
    if (themes.length === 0) r.problem('attributes', `at least one attribute with link_type '${LINK_TYPE_THEME}' and a theme as taxonomy_term.code`);
    if (referralNeeded === null) r.problem('attributes', `an attribute with link_type '${LINK_TYPE_REFERRAL}' and value 'true' or 'false'`);

    if (id && name && organizationId && description && eligibility && howToApply && referralNeeded !== null && themes.length) {
      records.services.push({ id, organizationId, name, description, themes, regionCodes, eligibility, referralNeeded, howToApply, isDemo });
    }
  });

  const linkIds = seen();
  const pairs = new Map<string, string>();
  const positions = new Map<string, number>();
  doc.service_at_locations.forEach((value, i) => {
    const r = reader(problems, `service_at_locations[${i}]`, value, 'service_at_location', DIRECTORY_REQUIRED.service_at_location);
    if (!r) return;
    const id = r.uuid('id');
    unique(linkIds, id, r.path);
    const serviceId = r.uuid('service_id');
    const locationId = r.uuid('location_id');
    if (serviceId && !serviceIds.has(serviceId) && !known.serviceIds.has(serviceId)) r.problem('service_id', 'no such service in the document or the directory');
    if (locationId && !locationIds.has(locationId) && !known.locationIds.has(locationId)) r.problem('location_id', 'no such location in the document or the directory');
    const pair = `${serviceId}/${locationId}`;
    if (serviceId && locationId && pairs.has(pair)) r.problem('location_id', `links the same service and location as ${pairs.get(pair)}`);
    else if (serviceId && locationId) pairs.set(pair, r.path);
    if (id && serviceId && locationId) {
      const position = positions.get(serviceId) ?? 0;
      positions.set(serviceId, position + 1);
      records.serviceAtLocations.push({ id, serviceId, locationId, position });
    }
  });

  return problems.length ? { records: { organizations: [], services: [], locations: [], serviceAtLocations: [] }, problems } : { records, problems };
}
