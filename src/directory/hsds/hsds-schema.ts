/**
 * Open Referral HSDS 3.0 as far as the help directory exchanges it: the field names of the four
 * tables in `GET/POST /api/directory/hsds` and of the objects nested in them, and which fields each
 * requires. Source: github.com/openreferral/specification, tag v3.0 (commit c457a0e, 22 June 2023),
 * `schema/<table>.json`, the `properties` and `required` of each. `test/fixtures/hsds-3.0.json`
 * repeats the required fields from the same source, written down separately, and the tests check both.
 */
export const HSDS_FIELDS = {
  organization: ['id', 'name', 'alternate_name', 'description', 'email', 'website', 'tax_status', 'tax_id', 'year_incorporated', 'legal_status',
    'logo', 'uri', 'parent_organization_id', 'funding', 'contacts', 'phones', 'locations', 'programs', 'organization_identifiers', 'attributes', 'metadata'],
  service: ['id', 'organization_id', 'program_id', 'name', 'alternate_name', 'description', 'url', 'email', 'status', 'interpretation_services',
    'application_process', 'fees_description', 'wait_time', 'fees', 'accreditations', 'eligibility_description', 'minimum_age', 'maximum_age',
    'assured_date', 'assurer_email', 'licenses', 'alert', 'last_modified', 'phones', 'schedules', 'service_areas', 'service_at_locations',
    'languages', 'organization', 'funding', 'cost_options', 'program', 'required_documents', 'contacts', 'attributes', 'metadata'],
  location: ['id', 'location_type', 'url', 'organization_id', 'name', 'alternate_name', 'description', 'transportation', 'latitude', 'longitude',
    'external_identifier', 'external_identifier_type', 'languages', 'addresses', 'contacts', 'accessibility', 'phones', 'schedules', 'attributes', 'metadata'],
  service_at_location: ['id', 'service_id', 'location_id', 'description', 'contacts', 'phones', 'schedules', 'location', 'attributes', 'metadata'],
  address: ['id', 'location_id', 'attention', 'address_1', 'address_2', 'city', 'region', 'state_province', 'postal_code', 'country', 'address_type',
    'attributes', 'metadata'],
  service_area: ['id', 'service_id', 'name', 'description', 'extent', 'extent_type', 'uri', 'attributes', 'metadata'],
  attribute: ['id', 'link_id', 'taxonomy_term_id', 'link_type', 'link_entity', 'value', 'taxonomy_term', 'metadata'],
  taxonomy_term: ['id', 'code', 'name', 'description', 'parent_id', 'taxonomy', 'taxonomy_detail', 'language', 'taxonomy_id', 'term_uri', 'metadata'],
  phone: ['id', 'location_id', 'service_id', 'organization_id', 'contact_id', 'service_at_location_id', 'number', 'extension', 'type', 'description',
    'languages', 'attributes', 'metadata'],
} as const;

export type HsdsTable = keyof typeof HSDS_FIELDS;

/** `required` of each table's schema (HSDS 3.0). */
export const HSDS_REQUIRED: Record<HsdsTable, readonly string[]> = {
  organization: ['id', 'name', 'description'],
  service: ['id', 'name', 'status'],
  location: ['id', 'location_type'],
  service_at_location: ['id'],
  address: ['id', 'address_1', 'city', 'state_province', 'postal_code', 'country', 'address_type'],
  service_area: ['id'],
  attribute: ['id'],
  taxonomy_term: ['id', 'name', 'description'],
  phone: ['id', 'number'],
};

/** HSDS 3.0 enumerations the directory reads. */
export const HSDS_SERVICE_STATUSES = ['active', 'inactive', 'defunct', 'temporarily closed'] as const;
export const HSDS_LOCATION_TYPES = ['physical', 'postal', 'virtual'] as const;
export const HSDS_ADDRESS_TYPES = ['physical', 'postal', 'virtual'] as const;

/**
 * What Eenverhaal needs beyond HSDS, so that every service says plainly what it offers, for whom,
 * whether a referral is needed and how to apply (issue 20), and where it is offered.
 */
export const DIRECTORY_REQUIRED = {
  service: ['organization_id', 'description', 'eligibility_description', 'application_process'],
  service_at_location: ['service_id', 'location_id'],
} as const;

/** How the directory's own facts travel in HSDS: attributes of the service, service areas for regions. */
export const THEME_TAXONOMY = 'eenverhaal-themes';
export const LINK_TYPE_THEME = 'theme';
export const LINK_TYPE_REFERRAL = 'referral_needed';
export const LINK_TYPE_DEMO = 'eenverhaal_demo';
export const EXTENT_TYPE_REGION = 'text';
