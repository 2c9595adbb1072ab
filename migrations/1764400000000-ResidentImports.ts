import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bulk imports of residents from CSV/XLSX files by officers (one row per uploaded file): who, when, for
 * which commune (and its tree path, so an import is read in scope like the residents it wrote), the
 * counts so far, the status, and the rejected rows as `{ line, field, code, message }` (capped; no
 * personal values, only line numbers, field names and reasons). Counts are updated in the same
 * transaction as each batch of residents, so after a crash the record says what was committed; a
 * record still "running" long after its last batch was interrupted.
 */
export class ResidentImports1764400000000 implements MigrationInterface {
  name = 'ResidentImports1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity_resident_imports (
        id uuid PRIMARY KEY,
        commune_code varchar(5) NOT NULL REFERENCES geo_communes (code),
        path ltree NOT NULL,
        started_by uuid REFERENCES identity_accounts (id) ON DELETE SET NULL,
        started_by_role text NOT NULL,
        format text NOT NULL CHECK (format IN ('csv', 'xlsx')),
        status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed')),
        total integer NOT NULL DEFAULT 0 CHECK (total >= 0),
        created integer NOT NULL DEFAULT 0 CHECK (created >= 0),
        updated integer NOT NULL DEFAULT 0 CHECK (updated >= 0),
        unchanged integer NOT NULL DEFAULT 0 CHECK (unchanged >= 0),
        rejected integer NOT NULL DEFAULT 0 CHECK (rejected >= 0),
        batches integer NOT NULL DEFAULT 0 CHECK (batches >= 0),
        errors jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(errors) = 'array'),
        errors_truncated boolean NOT NULL DEFAULT false,
        failure jsonb,
        started_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        CHECK ((status = 'running') = (finished_at IS NULL)),
        CHECK ((status = 'failed') = (failure IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX identity_resident_imports_path_idx ON identity_resident_imports (path, started_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity_resident_imports`);
  }
}
