import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox (docs/architecture.md): a capability writes an event row in the same
 * transaction as the fact it announces (a passed final assessment, a completed course); the worker
 * relays pending rows later, so an event can never be lost or announced for a fact that rolled back.
 * `dedupe_key` makes an event happen at most once (e.g. one "final passed" per resident and course
 * version), whatever retries or concurrent requests do.
 */
export class TransactionalOutbox1764600000000 implements MigrationInterface {
  name = 'TransactionalOutbox1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox_events (
        id bigserial PRIMARY KEY,
        topic text NOT NULL CHECK (topic ~ '^[a-z_]+\\.[a-z_]+$'),
        dedupe_key text NOT NULL UNIQUE,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_events_pending_idx ON outbox_events (id) WHERE published_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox_events`);
  }
}
