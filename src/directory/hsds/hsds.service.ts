import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import { TransactionHost, Transactional } from '../../database/transaction-host.js';
import { DirectoryErrors } from '../directory.errors.js';
import { type DirectoryRecords, fromHsds, type HsdsDocument, toHsds } from './hsds-mapping.js';

export interface HsdsImportCounts { organizations: number; services: number; locations: number; service_at_locations: number }

/**
 * Export and import of the whole directory as Open Referral HSDS 3.0. An import is all or nothing:
 * the document is read completely first, every bad record is named, and only a document without
 * problems is written, in one transaction (records with a known id are brought up to date).
 */
@Injectable()
export class HsdsService {
  constructor(private readonly txHost: TransactionHost, private readonly audit: AuditService) {}

  async exportDocument(): Promise<HsdsDocument> {
    const q = this.txHost.tx;
    const organizations = await q.query(
      `SELECT id, name, description, url, email, phone FROM directory_organization ORDER BY name, id`);
    const services = await q.query(
      `SELECT id, organization_id AS "organizationId", name, description, themes, region_codes AS "regionCodes", eligibility,
              referral_needed AS "referralNeeded", how_to_apply AS "howToApply", is_demo AS "isDemo"
         FROM directory_service ORDER BY lower(name), id`);
    const locations = await q.query(
      `SELECT id, organization_id AS "organizationId", location_type AS "locationType", name, address, postal_code AS "postalCode", city,
              state_province AS "stateProvince", country FROM directory_location ORDER BY id`);
    const serviceAtLocations = await q.query(
      `SELECT id, service_id AS "serviceId", location_id AS "locationId", position FROM directory_service_at_location ORDER BY service_id, position, id`);
    return toHsds({ organizations, services, locations, serviceAtLocations } as DirectoryRecords);
  }

  @Transactional()
  async importDocument(doc: HsdsDocument): Promise<HsdsImportCounts> {
    const q = this.txHost.tx;
    const ids = async (table: string, column = 'id') =>
      new Set(((await q.query(`SELECT ${column} AS id FROM ${table}`)) as { id: string }[]).map((r) => r.id));
    const { records, problems } = fromHsds(doc, {
      organizationIds: await ids('directory_organization'), locationIds: await ids('directory_location'), serviceIds: await ids('directory_service'),
    });
    if (problems.length) throw DirectoryErrors.hsdsInvalid(problems);

    // Each table in one statement, its records as a JSON array read by jsonb_to_recordset (fromHsds
    // has made the ids unique, so no statement meets the same row twice).
    await q.query(
      `INSERT INTO directory_organization (id, name, description, url, email, phone)
       SELECT id, name, description, url, email, phone
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, name text, description text, url text, email text, phone text)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description, url = EXCLUDED.url,
         email = EXCLUDED.email, phone = EXCLUDED.phone, updated_at = now()`,
      [JSON.stringify(records.organizations)]);
    await q.query(
      `INSERT INTO directory_location (id, organization_id, location_type, name, address, postal_code, city, state_province, country)
       SELECT id, "organizationId", "locationType", name, address, "postalCode", city, "stateProvince", country
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, "organizationId" uuid, "locationType" text, name text, address text, "postalCode" text,
                                                  city text, "stateProvince" text, country text)
       ON CONFLICT (id) DO UPDATE SET organization_id = EXCLUDED.organization_id, location_type = EXCLUDED.location_type, name = EXCLUDED.name,
         address = EXCLUDED.address, postal_code = EXCLUDED.postal_code, city = EXCLUDED.city, state_province = EXCLUDED.state_province, country = EXCLUDED.country`,
      [JSON.stringify(records.locations)]);
    await q.query(
      `INSERT INTO directory_service (id, organization_id, name, description, themes, region_codes, eligibility, referral_needed, how_to_apply, is_demo)
       SELECT id, "organizationId", name, description, themes, "regionCodes", eligibility, "referralNeeded", "howToApply", "isDemo"
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, "organizationId" uuid, name text, description text, themes text[], "regionCodes" text[],
                                                  eligibility text, "referralNeeded" boolean, "howToApply" text, "isDemo" boolean)
       ON CONFLICT (id) DO UPDATE SET organization_id = EXCLUDED.organization_id, name = EXCLUDED.name, description = EXCLUDED.description,
         themes = EXCLUDED.themes, region_codes = EXCLUDED.region_codes, eligibility = EXCLUDED.eligibility,
         referral_needed = EXCLUDED.referral_needed, how_to_apply = EXCLUDED.how_to_apply, is_demo = EXCLUDED.is_demo, updated_at = now()`,
      [JSON.stringify(records.services)]);
    // A service in the document has exactly the locations the document links it to; and the
    // document is authoritative for each link it names: by id, and by the pair it links.
    const links = JSON.stringify(records.serviceAtLocations);
    await q.query(
      `DELETE FROM directory_service_at_location sl
        WHERE sl.service_id = ANY($1::uuid[])
           OR EXISTS (SELECT 1 FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, "serviceId" uuid, "locationId" uuid)
                       WHERE r.id = sl.id OR (r."serviceId" = sl.service_id AND r."locationId" = sl.location_id))`,
      [records.services.map((s) => s.id), links]);
    await q.query(
      `INSERT INTO directory_service_at_location (id, service_id, location_id, position)
       SELECT id, "serviceId", "locationId", position FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, "serviceId" uuid, "locationId" uuid, position int)`,
      [links]);
    const counts = {
      organizations: records.organizations.length, services: records.services.length,
      locations: records.locations.length, service_at_locations: records.serviceAtLocations.length,
    };
    await this.audit.record({ action: 'directory.hsds.imported', subjectType: 'directory', details: counts });
    return counts;
  }
}
