import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Administrative geography: provinces and communes (official, imported), villages and areas (created locally). */
export class GeographySchema1763800000000 implements MigrationInterface {
  name = 'GeographySchema1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS ltree`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await q.query(`
      CREATE TABLE geo_provinces (
        code varchar(2) PRIMARY KEY CHECK (code ~ '^[0-9]{2}$'),
        name text NOT NULL,
        full_name text NOT NULL,
        name_en text NOT NULL,
        full_name_en text NOT NULL,
        type text NOT NULL CHECK (type IN ('tinh', 'thanh_pho')),
        former_names text[] NOT NULL DEFAULT '{}',
        estimated_population integer,
        area_km2 numeric(10, 2),
        path ltree NOT NULL UNIQUE,
        search_name text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE geo_communes (
        code varchar(5) PRIMARY KEY CHECK (code ~ '^[0-9]{5}$'),
        province_code varchar(2) NOT NULL REFERENCES geo_provinces (code),
        name text NOT NULL,
        full_name text NOT NULL,
        name_en text NOT NULL,
        full_name_en text NOT NULL,
        type text NOT NULL CHECK (type IN ('xa', 'phuong', 'dac_khu')),
        former_code varchar(5),
        former_names text[] NOT NULL DEFAULT '{}',
        estimated_population integer,
        population_flags text[] NOT NULL DEFAULT '{}',
        area_km2 numeric(10, 2),
        path ltree NOT NULL UNIQUE,
        search_name text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (code, province_code)
      )`);
    await q.query(`CREATE INDEX geo_communes_province_idx ON geo_communes (province_code, code)`);
    await q.query(`CREATE INDEX geo_communes_path_idx ON geo_communes USING gist (path)`);

    await q.query(`
      CREATE TABLE geo_villages (
        code varchar(10) PRIMARY KEY CHECK (code ~ '^[0-9]{5}-[0-9]{4}$'),
        commune_code varchar(5) NOT NULL REFERENCES geo_communes (code),
        seq integer NOT NULL CHECK (seq BETWEEN 1 AND 9999),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        type text NOT NULL CHECK (type IN ('thon', 'ban', 'ap', 'lang', 'to_dan_pho', 'khu_pho', 'khac')),
        search_name text NOT NULL,
        path ltree NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        archived_at timestamptz,
        UNIQUE (commune_code, seq)
      )`);
    // One active village of a given name per commune (case-insensitive, diacritics kept: "Thôn Đông" is not "Thôn Dong").
    await q.query(
      `CREATE UNIQUE INDEX geo_villages_commune_name_uq ON geo_villages (commune_code, lower(name)) WHERE archived_at IS NULL`,
    );
    await q.query(`CREATE INDEX geo_villages_path_idx ON geo_villages USING gist (path)`);
    await q.query(`CREATE INDEX geo_villages_search_idx ON geo_villages USING gin (search_name gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE geo_areas (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        province_code varchar(2) NOT NULL REFERENCES geo_provinces (code),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        kind text NOT NULL CHECK (kind IN ('former_district', 'cluster')),
        search_name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (id, province_code)
      )`);
    await q.query(`CREATE UNIQUE INDEX geo_areas_province_name_uq ON geo_areas (province_code, lower(name))`);

    // The composite keys make "every commune of an area lies in the area's province" a database fact.
    await q.query(`
      CREATE TABLE geo_area_communes (
        area_id uuid NOT NULL,
        province_code varchar(2) NOT NULL,
        commune_code varchar(5) NOT NULL,
        PRIMARY KEY (area_id, commune_code),
        FOREIGN KEY (area_id, province_code) REFERENCES geo_areas (id, province_code) ON DELETE CASCADE,
        FOREIGN KEY (commune_code, province_code) REFERENCES geo_communes (code, province_code)
      )`);
    await q.query(`CREATE INDEX geo_area_communes_commune_idx ON geo_area_communes (commune_code)`);

    await q.query(`
      CREATE TABLE geo_reference_imports (
        dataset text PRIMARY KEY,
        checksum text NOT NULL,
        provinces integer NOT NULL,
        communes integer NOT NULL,
        imported_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE geo_reference_imports`);
    await q.query(`DROP TABLE geo_area_communes`);
    await q.query(`DROP TABLE geo_areas`);
    await q.query(`DROP TABLE geo_villages`);
    await q.query(`DROP TABLE geo_communes`);
    await q.query(`DROP TABLE geo_provinces`);
  }
}
