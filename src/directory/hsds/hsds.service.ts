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

    for (const o of records.organizations) {
      await q.query(
        `INSERT INTO directory_organization (id, name, description, url, email, phone) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description, url = EXCLUDED.url,
           email = EXCLUDED.email, phone = EXCLUDED.phone, updated_at = now()`,
        [o.id, o.name, o.description, o.url, o.email, o.phone]);
    }
    for (const l of records.locations) {
      await q.query(
        `INSERT INTO directory_location (id, organization_id, location_type, name, address, postal_code, city, state_province, country)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (id) DO UPDATE SET organization_id = EXCLUDED.organization_id, location_type = EXCLUDED.location_type, name = EXCLUDED.name,
           address = EXCLUDED.address, postal_code = EXCLUDED.postal_code, city = EXCLUDED.city, state_province = EXCLUDED.state_province, country = EXCLUDED.country`,
        [l.id, l.organizationId, l.locationType, l.name, l.address, l.postalCode, l.city, l.stateProvince, l.country]);
    }
    for (const s of records.services) {
      await q.query(
        `INSERT INTO directory_service (id, organization_id, name, description, themes, region_codes, eligibility, referral_needed, how_to_apply, is_demo)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (id) DO UPDATE SET organization_id = EXCLUDED.organization_id, name = EXCLUDED.name, description = EXCLUDED.description,
           themes = EXCLUDED.themes, region_codes = EXCLUDED.region_codes, eligibility = EXCLUDED.eligibility,
           referral_needed = EXCLUDED.referral_needed, how_to_apply = EXCLUDED.how_to_apply, is_demo = EXCLUDED.is_demo, updated_at = now()`,
        [s.id, s.organizationId, s.name, s.description, s.themes, s.regionCodes, s.eligibility, s.referralNeeded, s.howToApply, s.isDemo]);
    }
    // A service in the document has exactly the locations the document links it to.
    const linked = records.services.map((s) => s.id);
    if (linked.length) await q.query(`DELETE FROM directory_service_at_location WHERE service_id = ANY($1::uuid[])`, [linked]);
    // The document is authoritative for each link it names: by id, and by the pair it links.
    for (const sl of records.serviceAtLocations) {
      await q.query(`DELETE FROM directory_service_at_location WHERE id = $1 OR (service_id = $2 AND location_id = $3)`, [sl.id, sl.serviceId, sl.locationId]);
      await q.query(`INSERT INTO directory_service_at_location (id, service_id, location_id, position) VALUES ($1, $2, $3, $4)`,
        [sl.id, sl.serviceId, sl.locationId, sl.position]);
    }
    const counts = {
      organizations: records.organizations.length, services: records.services.length,
      locations: records.locations.length, service_at_locations: records.serviceAtLocations.length,
    };
    await this.audit.record({ action: 'directory.hsds.imported', subjectType: 'directory', details: counts });
    return counts;
  }
}
