import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { OutboxEventPayloads, OutboxTopic } from './outbox-events';

/** An event as a consumer receives it. */
export interface DispatchedEvent<T extends OutboxTopic = OutboxTopic> {
  id: string;
  topic: T;
  payload: OutboxEventPayloads[T];
  createdAt: Date;
}

/**
 * A consumer of one topic. It runs in the dispatcher's transaction (`manager`): what it writes commits
 * together with the event being marked published, or not at all.
 */
export type OutboxHandler<T extends OutboxTopic = OutboxTopic> = (manager: EntityManager, event: DispatchedEvent<T>) => Promise<void>;

/** The handlers of every topic; capabilities register theirs when their module starts. */
@Injectable()
export class OutboxHandlers {
  private readonly byTopic = new Map<OutboxTopic, OutboxHandler[]>();

  register<T extends OutboxTopic>(topic: T, handler: OutboxHandler<T>): void {
    const list = this.byTopic.get(topic) ?? [];
    list.push(handler as unknown as OutboxHandler);
    this.byTopic.set(topic, list);
  }

  of(topic: string): readonly OutboxHandler[] {
    return this.byTopic.get(topic as OutboxTopic) ?? [];
  }
}

export interface DispatchResult {
  /** Events claimed in this batch. */
  claimed: number;
  published: number;
  /** Events whose handlers failed (left pending for a later batch, or given up). */
  failed: number;
  /** Events given up after too many failures (dead_at set). */
  dead: number;
}

export const OUTBOX_BATCH_SIZE = 100;
/** After this many failed dispatches an event is given up (dead_at), logged, and no longer blocks anything. */
export const OUTBOX_MAX_ATTEMPTS = 5;

interface ClaimedRow {
  id: string;
  topic: string;
  payload: unknown;
  created_at: Date;
  attempts: number;
}

/**
 * Consumes the transactional outbox: claims unpublished events in id order (`FOR UPDATE SKIP LOCKED`,
 * so several dispatchers share the work and never take the same event), runs every handler of each
 * event's topic in the same transaction, then marks it published. Each event runs under a savepoint:
 * a failing handler rolls back only its own event's writes, which stays pending with its attempt count
 * and last error; after OUTBOX_MAX_ATTEMPTS failures it is marked dead and skipped.
 */
@Injectable()
export class OutboxDispatcher {
  private readonly logger = new Logger(OutboxDispatcher.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly handlers: OutboxHandlers,
  ) {}

  async dispatchBatch(limit = OUTBOX_BATCH_SIZE, maxAttempts = OUTBOX_MAX_ATTEMPTS): Promise<DispatchResult> {
    return this.dataSource.transaction(async (tx) => {
      const rows: ClaimedRow[] = await tx.query(
        `SELECT id::text AS id, topic, payload, created_at, attempts FROM outbox_events
          WHERE published_at IS NULL AND dead_at IS NULL
          ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      const result: DispatchResult = { claimed: rows.length, published: 0, failed: 0, dead: 0 };
      const published: string[] = [];
      for (const row of rows) {
        const handlers = this.handlers.of(row.topic);
        if (handlers.length === 0) {
          published.push(row.id);
          continue;
        }
        await tx.query('SAVEPOINT outbox_event');
        try {
          const event: DispatchedEvent = { id: row.id, topic: row.topic as OutboxTopic, payload: row.payload as never, createdAt: row.created_at };
          for (const handler of handlers) await handler(tx, event);
          await tx.query('RELEASE SAVEPOINT outbox_event');
          published.push(row.id);
        } catch (err) {
          await tx.query('ROLLBACK TO SAVEPOINT outbox_event');
          const message = err instanceof Error ? err.message : String(err);
          const dead = row.attempts + 1 >= maxAttempts;
          await tx.query(
            `UPDATE outbox_events SET attempts = attempts + 1, last_error = left($2, 2000), dead_at = CASE WHEN $3 THEN now() END WHERE id = $1`,
            [row.id, message, dead],
          );
          result.failed++;
          if (dead) {
            result.dead++;
            this.logger.error(`outbox event ${row.id} (${row.topic}) given up after ${row.attempts + 1} failures: ${message}`);
          } else {
            this.logger.warn(`outbox event ${row.id} (${row.topic}) failed (attempt ${row.attempts + 1}): ${message}`);
          }
        }
      }
      if (published.length > 0) {
        await tx.query(`UPDATE outbox_events SET published_at = now() WHERE id = ANY($1::bigint[])`, [published]);
      }
      result.published = published.length;
      return result;
    });
  }
}
