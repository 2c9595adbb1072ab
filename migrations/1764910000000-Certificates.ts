import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Certificates (libs/certificates): one per resident and course version, created `pending` when the
 * course is completed, relayed to the `certificates` queue, recognised by the partner (or rejected /
 * failed), later revoked. Serials `PP-YYYY-NNNNNNN-C` come from a counter per province and year.
 */
export class Certificates1764910000000 implements MigrationInterface {
  name = 'Certificates1764910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE certificates_serial_counters (
        province_code varchar(2) NOT NULL,
        year smallint NOT NULL,
        last_value integer NOT NULL CHECK (last_value BETWEEN 1 AND 9999999),
        PRIMARY KEY (province_code, year)
      )`);
    await q.query(`
      CREATE TABLE certificates_certificates (
        id uuid PRIMARY KEY,
        resident_id uuid NOT NULL,
        course_id uuid NOT NULL,
        course_version_id uuid NOT NULL,
        course_code text NOT NULL,
        course_version_number integer NOT NULL,
        class_id uuid,
        via text NOT NULL CHECK (via IN ('class', 'self_paced')),
        completed_at timestamptz NOT NULL,
        serial text NOT NULL UNIQUE CHECK (serial ~ '^[0-9]{2}-[0-9]{4}-[0-9]{7}-[0-9]$'),
        verification_code text NOT NULL UNIQUE CHECK (verification_code ~ '^[0-9A-HJKMNP-TV-Z]{16}$'),
        commune_code varchar(5) NOT NULL,
        village_code varchar(10),
        path ltree NOT NULL,
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'recognised', 'rejected', 'failed', 'revoked')),
        submission integer NOT NULL DEFAULT 1 CHECK (submission >= 1),
        relayed_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        rejection_code text,
        rejection_reason text,
        partner_reference text,
        recognised_at timestamptz,
        issued_at timestamptz,
        revoked_at timestamptz,
        revoked_by uuid,
        revocation_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (resident_id, course_version_id),
        CHECK (state <> 'recognised' OR partner_reference IS NOT NULL),
        CHECK (state <> 'rejected' OR (rejection_code IS NOT NULL AND rejection_reason IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX certificates_relay_idx ON certificates_certificates (created_at) WHERE state = 'pending' AND relayed_at IS NULL`);
    await q.query(`CREATE INDEX certificates_pending_relayed_idx ON certificates_certificates (relayed_at) WHERE state = 'pending' AND relayed_at IS NOT NULL`);
    await q.query(`CREATE INDEX certificates_path_idx ON certificates_certificates USING gist (path)`);
    await q.query(`CREATE INDEX certificates_state_path_idx ON certificates_certificates (state, path)`);
    await q.query(`
      CREATE TABLE certificates_state_changes (
        id bigserial PRIMARY KEY,
        certificate_id uuid NOT NULL REFERENCES certificates_certificates (id),
        from_state text,
        to_state text NOT NULL,
        submission integer NOT NULL,
        code text,
        reason text,
        actor text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX certificates_state_changes_certificate_idx ON certificates_state_changes (certificate_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE certificates_state_changes`);
    await q.query(`DROP TABLE certificates_certificates`);
    await q.query(`DROP TABLE certificates_serial_counters`);
  }
}
