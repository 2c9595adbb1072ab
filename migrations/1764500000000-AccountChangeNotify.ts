import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change or deletion of an account is announced on the channel `hvs_account_changed` (payload: the
 * account id), at commit: api instances keep the accounts their access checks read in memory and drop an
 * entry as soon as it changes anywhere (libs/identity/src/access/account-cache.ts).
 */
export class AccountChangeNotify1764500000000 implements MigrationInterface {
  name = 'AccountChangeNotify1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION identity_accounts_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('hvs_account_changed', OLD.id::text);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER identity_accounts_changed AFTER UPDATE OR DELETE ON identity_accounts
      FOR EACH ROW EXECUTE FUNCTION identity_accounts_notify()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER identity_accounts_changed ON identity_accounts`);
    await q.query(`DROP FUNCTION identity_accounts_notify()`);
  }
}
