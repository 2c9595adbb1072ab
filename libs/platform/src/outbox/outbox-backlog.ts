import type { DataSource, EntityManager } from 'typeorm';

/** Events written and not yet published, and how long the oldest has waited (0 when none). */
export interface OutboxBacklog {
  /** Waiting to be published (not given up on). */
  unpublished: number;
  /** Given up on by the dispatcher (dead_at set): need an operator. */
  dead: number;
  oldestAgeSeconds: number;
}

/** The backlog of the outbox, read through the partial index on pending rows (`published_at IS NULL`). */
const OUTBOX_BACKLOG_SQL = `SELECT count(*) FILTER (WHERE dead_at IS NULL)::int AS unpublished,
       count(*) FILTER (WHERE dead_at IS NOT NULL)::int AS dead,
       COALESCE(EXTRACT(EPOCH FROM now() - min(created_at) FILTER (WHERE dead_at IS NULL)), 0)::float8 AS oldest_age_s
  FROM outbox_events WHERE published_at IS NULL`;

export async function readOutboxBacklog(db: DataSource | EntityManager): Promise<OutboxBacklog> {
  const [row] = (await db.query(OUTBOX_BACKLOG_SQL)) as Array<{ unpublished: number; dead: number; oldest_age_s: number }>;
  return { unpublished: Number(row?.unpublished ?? 0), dead: Number(row?.dead ?? 0), oldestAgeSeconds: Math.max(0, Number(row?.oldest_age_s ?? 0)) };
}
