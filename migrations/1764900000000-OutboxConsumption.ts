import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Consuming the transactional outbox (OutboxDispatcher): per event, how many times its handlers
 * failed, the last error, and when it was given up (`dead_at`, after too many failures), so that one
 * poison event never blocks the rest. Pending events for the dispatcher are those neither published nor dead.
 */
export class OutboxConsumption1764900000000 implements MigrationInterface {
  name = 'OutboxConsumption1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE outbox_events
        ADD COLUMN attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN last_error text,
        ADD COLUMN dead_at timestamptz`);
    await q.query(`CREATE INDEX outbox_events_dispatch_idx ON outbox_events (id) WHERE published_at IS NULL AND dead_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX outbox_events_dispatch_idx`);
    await q.query(`ALTER TABLE outbox_events DROP COLUMN attempts, DROP COLUMN last_error, DROP COLUMN dead_at`);
  }
}
