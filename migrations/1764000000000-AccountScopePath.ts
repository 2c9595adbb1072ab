import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where an account sits in the administrative tree, as one ltree path, so "accounts in my scope" is the
 * same indexed predicate as for every other unit-owned row: a province officer at "22", a commune
 * officer or instructor at "22.06673", an area officer at its province (an area is a group of communes of
 * one province); administrators and residents have none.
 */
export class AccountScopePath1764000000000 implements MigrationInterface {
  name = 'AccountScopePath1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE identity_accounts ADD COLUMN scope_path ltree`);
    await q.query(`
      UPDATE identity_accounts a SET scope_path = CASE
        WHEN a.scope_commune_code IS NOT NULL THEN (SELECT c.path FROM geo_communes c WHERE c.code = a.scope_commune_code)
        WHEN a.scope_area_id IS NOT NULL THEN (SELECT ar.province_code::ltree FROM geo_areas ar WHERE ar.id = a.scope_area_id)
        WHEN a.scope_province_code IS NOT NULL THEN a.scope_province_code::ltree
      END`);
    await q.query(`ALTER TABLE identity_accounts ADD CONSTRAINT identity_accounts_scope_path_ck
      CHECK ((role IN ('administrator', 'resident')) = (scope_path IS NULL))`);
    await q.query(`CREATE INDEX identity_accounts_scope_path_idx ON identity_accounts USING gist (scope_path)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE identity_accounts DROP COLUMN scope_path`);
  }
}
