import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reporting's aggregates (docs/reporting.md): the per-resident projection and the sharded counters the
 * figures are read from, and the daily series of recognitions. Written only by reporting's consumers.
 */
export class ReportingAggregates1765010000000 implements MigrationInterface {
  name = 'ReportingAggregates1765010000000';

  async up(q: QueryRunner): Promise<void> {
    // What reporting needs of one registered resident (no name, no CCCD); erased residents have no row.
    await q.query(`
      CREATE TABLE reporting_residents (
        resident_id uuid PRIMARY KEY,
        commune_code varchar(5) NOT NULL,
        village_code varchar(10),
        province_code varchar(2) NOT NULL,
        birth_year smallint NOT NULL,
        age_band text NOT NULL CHECK (age_band IN ('minor', '18-35', '36-59', '60+')),
        band_changes_on date,
        sex text NOT NULL CHECK (sex IN ('male', 'female')),
        ethnic_minority boolean NOT NULL,
        disability boolean NOT NULL,
        poverty text NOT NULL CHECK (poverty IN ('none', 'near_poor', 'poor')),
        no_smartphone boolean NOT NULL,
        enrolled boolean NOT NULL,
        attended boolean NOT NULL,
        completed boolean NOT NULL,
        recognised integer NOT NULL,
        pending integer NOT NULL,
        rejected integer NOT NULL,
        failed integer NOT NULL,
        revoked integer NOT NULL,
        as_of date NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX reporting_residents_band_idx ON reporting_residents (band_changes_on)`);
    await q.query(`CREATE INDEX reporting_residents_commune_idx ON reporting_residents (commune_code)`);

    // The counters: one row per level, unit, group, adult or not, and shard (a reader sums the shards).
    await q.query(`
      CREATE TABLE reporting_counts (
        level text NOT NULL CHECK (level IN ('village', 'commune', 'province', 'country')),
        unit_code text NOT NULL,
        grp text NOT NULL,
        adult boolean NOT NULL,
        shard smallint NOT NULL CHECK (shard BETWEEN 0 AND 15),
        registered integer NOT NULL DEFAULT 0,
        enrolled integer NOT NULL DEFAULT 0,
        attended integer NOT NULL DEFAULT 0,
        completed integer NOT NULL DEFAULT 0,
        certified integer NOT NULL DEFAULT 0,
        recognised integer NOT NULL DEFAULT 0,
        pending integer NOT NULL DEFAULT 0,
        rejected integer NOT NULL DEFAULT 0,
        failed integer NOT NULL DEFAULT 0,
        revoked integer NOT NULL DEFAULT 0,
        PRIMARY KEY (level, unit_code, grp, adult, shard)
      )`);

    // Per unit and day: recognitions, and certified adults gained (or lost: revocations, erasures).
    await q.query(`
      CREATE TABLE reporting_daily (
        level text NOT NULL CHECK (level IN ('commune', 'province', 'country')),
        unit_code text NOT NULL,
        day date NOT NULL,
        shard smallint NOT NULL CHECK (shard BETWEEN 0 AND 15),
        recognitions integer NOT NULL DEFAULT 0,
        certified_adults integer NOT NULL DEFAULT 0,
        PRIMARY KEY (level, unit_code, day, shard)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reporting_daily`);
    await q.query(`DROP TABLE reporting_counts`);
    await q.query(`DROP TABLE reporting_residents`);
  }
}
