import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The help directory (issue 20), shaped on Open Referral HSDS 3.0: organizations, services,
 * locations and the service_at_location links between them, plus the services a counsellor
 * suggests to the parents of a case.
 *
 * Search is PostgreSQL full-text search with the Dutch configuration: a generated `tsvector` over
 * the name (weight A), the description (B), and who it is for and how to apply (C), with a GIN
 * index; themes and region codes are text arrays with GIN indexes too. Nothing searches with LIKE.
 * A service without region codes is offered everywhere (nationwide).
 */
export class HelpDirectory1765740000000 implements MigrationInterface {
  name = 'HelpDirectory1765740000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE directory_organization (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      description text NOT NULL DEFAULT '',
      url text, email text, phone text,
      is_demo boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE directory_service (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES directory_organization(id) ON DELETE RESTRICT,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      description text NOT NULL,
      themes text[] NOT NULL CHECK (cardinality(themes) >= 1),
      region_codes text[] NOT NULL DEFAULT '{}',
      eligibility text NOT NULL,
      referral_needed boolean NOT NULL,
      how_to_apply text NOT NULL,
      is_demo boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('dutch'::regconfig, name), 'A') ||
        setweight(to_tsvector('dutch'::regconfig, description), 'B') ||
        setweight(to_tsvector('dutch'::regconfig, eligibility || ' ' || how_to_apply), 'C')) STORED)`);
    await q.query(`CREATE INDEX directory_service_search_idx ON directory_service USING gin (search)`);
    await q.query(`CREATE INDEX directory_service_themes_idx ON directory_service USING gin (themes)`);
    await q.query(`CREATE INDEX directory_service_regions_idx ON directory_service USING gin (region_codes)`);
    await q.query(`CREATE INDEX directory_service_name_idx ON directory_service (lower(name), id)`);
    await q.query(`CREATE INDEX directory_service_organization_idx ON directory_service (organization_id)`);
    await q.query(`CREATE TABLE directory_location (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid REFERENCES directory_organization(id) ON DELETE CASCADE,
      location_type text NOT NULL DEFAULT 'physical' CHECK (location_type IN ('physical','postal','virtual')),
      name text,
      address text, postal_code text, city text, state_province text NOT NULL DEFAULT '', country text NOT NULL DEFAULT 'NL',
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE directory_service_at_location (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      service_id uuid NOT NULL REFERENCES directory_service(id) ON DELETE CASCADE,
      location_id uuid NOT NULL REFERENCES directory_location(id) ON DELETE CASCADE,
      position int NOT NULL DEFAULT 0,
      UNIQUE (service_id, location_id))`);
    await q.query(`CREATE INDEX directory_service_at_location_location_idx ON directory_service_at_location (location_id)`);
    // A suggestion keeps the service's name: the parent still reads what was suggested after the
    // service left the directory.
    await q.query(`CREATE TABLE directory_service_suggestion (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
      service_id uuid REFERENCES directory_service(id) ON DELETE SET NULL,
      service_name text NOT NULL,
      note text,
      suggested_by_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX directory_service_suggestion_case_idx ON directory_service_suggestion (case_id, created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE directory_service_suggestion`);
    await q.query(`DROP TABLE directory_service_at_location`);
    await q.query(`DROP TABLE directory_location`);
    await q.query(`DROP TABLE directory_service`);
    await q.query(`DROP TABLE directory_organization`);
  }
}
