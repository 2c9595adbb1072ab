import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Accounts (staff and residents) with their role and scope, and rotating refresh tokens. */
export class IdentityAccounts1763900000000 implements MigrationInterface {
  name = 'IdentityAccounts1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS citext`);
    await q.query(`
      CREATE TABLE identity_accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        role text NOT NULL CHECK (role IN ('administrator', 'province_officer', 'area_officer', 'commune_officer', 'instructor', 'resident')),
        username citext UNIQUE CHECK (username ~ '^[a-z0-9._-]{3,40}$'),
        display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
        password_hash text,
        scope_province_code varchar(2) REFERENCES geo_provinces (code),
        scope_area_id uuid REFERENCES geo_areas (id),
        scope_commune_code varchar(5) REFERENCES geo_communes (code),
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
        session_epoch integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        password_changed_at timestamptz,
        -- every role has exactly the scope it needs (a resident's scope is the resident record, later)
        CHECK (
          (role = 'administrator' AND scope_province_code IS NULL AND scope_area_id IS NULL AND scope_commune_code IS NULL)
          OR (role = 'province_officer' AND scope_province_code IS NOT NULL AND scope_area_id IS NULL AND scope_commune_code IS NULL)
          OR (role = 'area_officer' AND scope_area_id IS NOT NULL AND scope_commune_code IS NULL)
          OR (role IN ('commune_officer', 'instructor') AND scope_commune_code IS NOT NULL AND scope_area_id IS NULL)
          OR (role = 'resident' AND scope_province_code IS NULL AND scope_area_id IS NULL AND scope_commune_code IS NULL)
        )
      )`);
    await q.query(`
      CREATE TABLE identity_refresh_tokens (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES identity_accounts (id) ON DELETE CASCADE,
        family_id uuid NOT NULL,
        token_hash bytea NOT NULL UNIQUE,
        issued_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        revoke_reason text,
        user_agent text,
        ip inet
      )`);
    await q.query(`CREATE INDEX identity_refresh_tokens_account_idx ON identity_refresh_tokens (account_id) WHERE revoked_at IS NULL`);
    await q.query(`CREATE INDEX identity_refresh_tokens_family_idx ON identity_refresh_tokens (family_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity_refresh_tokens`);
    await q.query(`DROP TABLE identity_accounts`);
  }
}
