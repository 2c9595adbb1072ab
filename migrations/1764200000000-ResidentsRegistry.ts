import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The residents registry (docs/security.md, "Personal data"). Name, date of birth, CCCD and phone live
 * only in `personal_data`: one AES-256-GCM blob bound to the row id. Lookups go through keyed hashes:
 * `cccd_index` (one person nationally per CCCD), `phone_index`, `name_tokens` (keyed hashes of the word
 * prefixes of the normalised name, for search ignoring diacritics) and `dedupe_index` (name + birth
 * date + commune, the duplicate check of people registered without a CCCD). In clear stay only what
 * coverage reports count: the unit, birth year, sex and the inclusion flags. Erasure nulls the personal
 * blob and every index and keeps the anonymised row, so counts do not jump.
 */
export class ResidentsRegistry1764200000000 implements MigrationInterface {
  name = 'ResidentsRegistry1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity_residents (
        id uuid PRIMARY KEY,
        commune_code varchar(5) NOT NULL REFERENCES geo_communes (code),
        village_code varchar(10) REFERENCES geo_villages (code),
        path ltree NOT NULL,
        personal_data bytea,
        name_tokens bigint[] NOT NULL DEFAULT '{}',
        cccd_index bytea,
        phone_index bytea,
        dedupe_index bytea,
        birth_year smallint NOT NULL CHECK (birth_year BETWEEN 1900 AND 2100),
        sex text NOT NULL CHECK (sex IN ('male', 'female')),
        ethnic_minority boolean NOT NULL DEFAULT false,
        disability boolean NOT NULL DEFAULT false,
        poverty text NOT NULL DEFAULT 'none' CHECK (poverty IN ('none', 'near_poor', 'poor')),
        no_smartphone boolean NOT NULL DEFAULT false,
        account_id uuid UNIQUE REFERENCES identity_accounts (id) ON DELETE SET NULL,
        registered_by uuid REFERENCES identity_accounts (id) ON DELETE SET NULL,
        registration_method text NOT NULL CHECK (registration_method IN ('self', 'assisted', 'import')),
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'erased')),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        erased_at timestamptz,
        CONSTRAINT identity_residents_cccd_unique UNIQUE (cccd_index),
        CHECK ((status = 'erased') = (personal_data IS NULL)),
        CHECK ((status = 'erased') = (erased_at IS NOT NULL)),
        CHECK (status = 'active' OR (cccd_index IS NULL AND phone_index IS NULL AND dedupe_index IS NULL
          AND name_tokens = '{}' AND account_id IS NULL))
      )`);
    // scope filters and keyset pages: "path in [p, p0)" is the subtree of p (codes are digits)
    await q.query(`CREATE INDEX identity_residents_path_idx ON identity_residents (path, id)`);
    await q.query(`CREATE INDEX identity_residents_name_idx ON identity_residents USING gin (name_tokens)`);
    await q.query(`CREATE INDEX identity_residents_phone_idx ON identity_residents (phone_index) WHERE phone_index IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX identity_residents_dedupe_unique ON identity_residents (dedupe_index)
      WHERE cccd_index IS NULL AND dedupe_index IS NOT NULL`);
    await q.query(`
      CREATE TABLE identity_consents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        resident_id uuid NOT NULL REFERENCES identity_residents (id),
        purpose text NOT NULL CHECK (purpose IN ('training_records', 'certificate_recognition', 'contact_by_phone')),
        method text NOT NULL CHECK (method IN ('self', 'assisted', 'paper_form')),
        granted_at timestamptz NOT NULL DEFAULT now(),
        recorded_by uuid REFERENCES identity_accounts (id) ON DELETE SET NULL,
        withdrawn_at timestamptz,
        withdrawn_by uuid REFERENCES identity_accounts (id) ON DELETE SET NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX identity_consents_current ON identity_consents (resident_id, purpose) WHERE withdrawn_at IS NULL`);
    await q.query(`CREATE INDEX identity_consents_resident_idx ON identity_consents (resident_id)`);
    // resident accounts log in by phone: its keyed hash, one account per phone
    await q.query(`ALTER TABLE identity_accounts ADD COLUMN phone_index bytea UNIQUE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE identity_accounts DROP COLUMN phone_index`);
    await q.query(`DROP TABLE identity_consents`);
    await q.query(`DROP TABLE identity_residents`);
  }
}
