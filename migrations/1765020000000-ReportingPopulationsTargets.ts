import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The counter columns of reporting_counts (as in ReportingAggregates1765010000000). */
const COUNTERS = 'registered, enrolled, attended, completed, certified, recognised, pending, rejected, failed, revoked';

/**
 * Reporting's denominators and targets (docs/reporting.md): periods (years and campaigns), the official
 * adult population of each commune per period and the targets of provinces and communes, both with
 * their history (a change supersedes the current row, never overwrites it); and the class level of the
 * counters (the last step of the drill-down).
 */
export class ReportingPopulationsTargets1765020000000 implements MigrationInterface {
  name = 'ReportingPopulationsTargets1765020000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reporting_periods (
        code text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$'),
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('year', 'campaign')),
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_on >= starts_on)
      )`);
    // the calendar years the platform runs over; campaigns are added by administrators
    await q.query(`
      INSERT INTO reporting_periods (code, name, kind, starts_on, ends_on)
      SELECT y::text, 'Năm ' || y, 'year', make_date(y, 1, 1), make_date(y, 12, 31) FROM generate_series(2025, 2030) AS y`);

    await q.query(`
      CREATE TABLE reporting_population_imports (
        id uuid PRIMARY KEY,
        province_code varchar(2) NOT NULL,
        period_code text NOT NULL REFERENCES reporting_periods (code),
        file_sha256 text NOT NULL,
        file_name text,
        rows_total integer NOT NULL,
        rows_changed integer NOT NULL,
        rows_unchanged integer NOT NULL,
        rows_rejected integer NOT NULL,
        errors jsonb NOT NULL,
        imported_by uuid NOT NULL,
        imported_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE reporting_populations (
        id bigserial PRIMARY KEY,
        commune_code varchar(5) NOT NULL,
        path ltree NOT NULL,
        period_code text NOT NULL REFERENCES reporting_periods (code),
        adults integer NOT NULL CHECK (adults BETWEEN 0 AND 10000000),
        source text NOT NULL CHECK (length(source) BETWEEN 1 AND 300),
        source_date date NOT NULL,
        estimate boolean NOT NULL DEFAULT false,
        entered_by uuid,
        entered_at timestamptz NOT NULL DEFAULT now(),
        import_id uuid REFERENCES reporting_population_imports (id),
        superseded_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX reporting_populations_current_idx ON reporting_populations (period_code, commune_code) WHERE superseded_at IS NULL`);
    await q.query(`CREATE INDEX reporting_populations_history_idx ON reporting_populations (commune_code, period_code, entered_at)`);
    await q.query(`CREATE INDEX reporting_populations_path_idx ON reporting_populations USING gist (path)`);

    await q.query(`
      CREATE TABLE reporting_targets (
        id bigserial PRIMARY KEY,
        unit_level text NOT NULL CHECK (unit_level IN ('province', 'commune')),
        unit_code text NOT NULL,
        path ltree NOT NULL,
        period_code text NOT NULL REFERENCES reporting_periods (code),
        rate numeric(5, 4) NOT NULL CHECK (rate > 0 AND rate <= 1),
        due_on date NOT NULL,
        set_by uuid,
        set_at timestamptz NOT NULL DEFAULT now(),
        superseded_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX reporting_targets_current_idx ON reporting_targets (period_code, unit_level, unit_code) WHERE superseded_at IS NULL`);
    await q.query(`CREATE INDEX reporting_targets_history_idx ON reporting_targets (unit_level, unit_code, period_code, set_at)`);

    // the class level: which classes a resident was enrolled in and attended (reporting's projection)
    await q.query(`ALTER TABLE reporting_residents ADD COLUMN class_ids uuid[] NOT NULL DEFAULT '{}', ADD COLUMN attended_class_ids uuid[] NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE reporting_counts DROP CONSTRAINT reporting_counts_level_check`);
    await q.query(`ALTER TABLE reporting_counts ADD CONSTRAINT reporting_counts_level_check CHECK (level IN ('class', 'village', 'commune', 'province', 'country'))`);
    // the figures of many units at once (every commune of the country, of a province) read only group `all`
    await q.query(`CREATE INDEX reporting_counts_all_idx ON reporting_counts (level, unit_code) INCLUDE (adult, ${COUNTERS}) WHERE grp = 'all'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX reporting_counts_all_idx`);
    await q.query(`DELETE FROM reporting_counts WHERE level = 'class'`);
    await q.query(`ALTER TABLE reporting_counts DROP CONSTRAINT reporting_counts_level_check`);
    await q.query(`ALTER TABLE reporting_counts ADD CONSTRAINT reporting_counts_level_check CHECK (level IN ('village', 'commune', 'province', 'country'))`);
    await q.query(`ALTER TABLE reporting_residents DROP COLUMN attended_class_ids, DROP COLUMN class_ids`);
    await q.query(`DROP TABLE reporting_targets`);
    await q.query(`DROP TABLE reporting_populations`);
    await q.query(`DROP TABLE reporting_population_imports`);
    await q.query(`DROP TABLE reporting_periods`);
  }
}
