import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * First login of resident accounts by a one-time code sent to their phone (docs/security.md, "Resident
 * accounts"). Nothing personal or secret is stored in clear:
 *
 * - `identity_one_time_codes`: a 6-digit code is kept only as its keyed hash (HMAC-SHA256 with
 *   `PII_INDEX_KEY`, bound to the row id): a plain hash of a million possible codes would be reversed
 *   at once, the HMAC cannot be without the key. At most one pending code per account and purpose;
 *   `attempts` counts wrong guesses (5 at most), `consumed_at` makes it single use.
 * - `identity_sms_outbox`: the SMS gateway's queue and log (no real gateway yet). The recipient's phone
 *   and the text are one AES-256-GCM blob bound to the row id (`payload`): the text carries a live
 *   code, which is a credential, so the log is encrypted like personal data. `phone_index` (the same
 *   keyed hash as residents' and accounts' `phone_index`) finds a phone's messages; `status` and
 *   `sent_at` are for the gateway worker to come. Both tables go with the account (erasure deletes it).
 */
export class ResidentAccountsOtp1764300000000 implements MigrationInterface {
  name = 'ResidentAccountsOtp1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity_one_time_codes (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES identity_accounts (id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('first_login', 'password_reset')),
        code_hash bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        attempts smallint NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        consumed_at timestamptz,
        CHECK (expires_at > created_at)
      )`);
    // one pending code per account and purpose: a new request replaces the previous one
    await q.query(`CREATE UNIQUE INDEX identity_one_time_codes_pending ON identity_one_time_codes (account_id, purpose)
      WHERE consumed_at IS NULL`);
    await q.query(`CREATE INDEX identity_one_time_codes_account_idx ON identity_one_time_codes (account_id)`);
    await q.query(`
      CREATE TABLE identity_sms_outbox (
        id uuid PRIMARY KEY,
        account_id uuid REFERENCES identity_accounts (id) ON DELETE CASCADE,
        phone_index bytea NOT NULL,
        payload bytea NOT NULL,
        purpose text NOT NULL CHECK (purpose IN ('first_login', 'password_reset')),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        last_error text,
        CHECK ((status = 'sent') = (sent_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX identity_sms_outbox_phone_idx ON identity_sms_outbox (phone_index, created_at DESC)`);
    await q.query(`CREATE INDEX identity_sms_outbox_pending_idx ON identity_sms_outbox (created_at) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity_sms_outbox`);
    await q.query(`DROP TABLE identity_one_time_codes`);
  }
}
