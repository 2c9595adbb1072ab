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

/**
 * A consumer of one topic that takes several events at once (the consecutive events of its topic in a
 * dispatched batch), in the dispatcher's transaction, for consumers whose per-event queries can be one
 * query for many. It must treat the events as if one by one, in order.
 */
export type OutboxBatchHandler<T extends OutboxTopic = OutboxTopic> = (manager: EntityManager, events: readonly DispatchedEvent<T>[]) => Promise<void>;

/** The handlers of every topic; capabilities register theirs when their module starts. */
@Injectable()
export class OutboxHandlers {
  private readonly byTopic = new Map<OutboxTopic, OutboxBatchHandler[]>();
  private readonly batched = new Set<OutboxTopic>();

  register<T extends OutboxTopic>(topic: T, handler: OutboxHandler<T>): void {
    this.add(topic, async (manager, events) => {
      for (const event of events) await handler(manager, event);
    });
  }

  /** A handler taking runs of events at once; the dispatcher falls back to one event at a time when a run fails. */
  registerBatch<T extends OutboxTopic>(topic: T, handler: OutboxBatchHandler<T>): void {
    this.add(topic, handler);
    this.batched.add(topic);
  }

  of(topic: string): readonly OutboxBatchHandler[] {
    return this.byTopic.get(topic as OutboxTopic) ?? [];
  }

  /** Whether the events of this topic may be handed over several at once. */
  batches(topic: string): boolean {
    return this.batched.has(topic as OutboxTopic);
  }

  private add<T extends OutboxTopic>(topic: T, handler: OutboxBatchHandler<T>): void {
    const list = this.byTopic.get(topic) ?? [];
    list.push(handler as unknown as OutboxBatchHandler);
    this.byTopic.set(topic, list);
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
 * event's topic in the same transaction, then marks it published (an event of a topic nobody consumes
 * is marked at once). Each event runs under a savepoint:
 * a failing handler rolls back only its own event's writes, which stays pending with its attempt count
 * and last error; after OUTBOX_MAX_ATTEMPTS failures it is marked dead and skipped (a deadlock or a
 * serialization failure with another dispatcher is not counted: the event is simply retried). Consecutive events
 * of a topic whose consumer takes batches (registerBatch) run together under one savepoint; when such
 * a run fails it is undone and its events are run one at a time, so a failure is still one event's.
 */
@Injectable()
export class OutboxDispatcher {
  private readonly logger = new Logger(OutboxDispatcher.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly handlers: OutboxHandlers,
  ) {}

  async dispatchBatch(limit = OUTBOX_BATCH_SIZE, maxAttempts = OUTBOX_MAX_ATTEMPTS, stop?: AbortSignal): Promise<DispatchResult> {
    return this.dataSource.transaction(async (tx) => {
      const rows: ClaimedRow[] = await tx.query(
        `SELECT id::text AS id, topic, payload, created_at, attempts FROM outbox_events
          WHERE published_at IS NULL AND dead_at IS NULL
          ORDER BY outbox_events.id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      const result: DispatchResult = { claimed: rows.length, published: 0, failed: 0, dead: 0 };
      // events nobody consumes are published as they are, and do not split the runs of the others (a
      // recognition's certificates.recognised between two certificates.residents_changed, say)
      const consumed: ClaimedRow[] = [];
      const published: string[] = [];
      for (const r of rows) {
        if (this.handlers.of(r.topic).length > 0) consumed.push(r);
        else published.push(r.id);
      }
      for (const run of runs(consumed, (topic) => this.handlers.batches(topic))) {
        // shutting down: commit what is done; the events not reached are claimed again by any dispatcher
        if (stop?.aborted) break;
        const handlers = this.handlers.of(run[0].topic);
        // a run of a batching topic at once; if it fails, its events one by one (each failure its own)
        if (run.length > 1 && (await this.handle(tx, handlers, run)) === null) {
          published.push(...run.map((r) => r.id));
          continue;
        }
        for (const row of run) {
          const error = await this.handle(tx, handlers, [row]);
          if (error === null) {
            published.push(row.id);
            continue;
          }
          if (error.contention) {
            // a deadlock or serialization failure between dispatchers: not the event's fault, so not an
            // attempt; it stays pending for the next batch
            result.failed++;
            this.logger.warn(`outbox event ${row.id} (${row.topic}) met a concurrent dispatcher (${error.message}); it is retried`);
            continue;
          }
          const dead = row.attempts + 1 >= maxAttempts;
          await tx.query(
            `UPDATE outbox_events SET attempts = attempts + 1, last_error = left($2, 2000), dead_at = CASE WHEN $3 THEN now() END WHERE id = $1`,
            [row.id, error.message, dead],
          );
          result.failed++;
          if (dead) {
            result.dead++;
            this.logger.error(`outbox event ${row.id} (${row.topic}) given up after ${row.attempts + 1} failures: ${error.message}`);
          } else {
            this.logger.warn(`outbox event ${row.id} (${row.topic}) failed (attempt ${row.attempts + 1}): ${error.message}`);
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

  /** Runs the handlers on events under a savepoint: null when done, else the error (their writes undone). */
  private async handle(
    tx: EntityManager,
    handlers: readonly OutboxBatchHandler[],
    rows: readonly ClaimedRow[],
  ): Promise<{ message: string; contention: boolean } | null> {
    await tx.query('SAVEPOINT outbox_event');
    try {
      const events: DispatchedEvent[] = rows.map((row) => ({ id: row.id, topic: row.topic as OutboxTopic, payload: row.payload as never, createdAt: row.created_at }));
      for (const handler of handlers) await handler(tx, events);
      await tx.query('RELEASE SAVEPOINT outbox_event');
      return null;
    } catch (err) {
      await tx.query('ROLLBACK TO SAVEPOINT outbox_event');
      const code = (err as { code?: unknown; driverError?: { code?: unknown } })?.driverError?.code ?? (err as { code?: unknown })?.code;
      return { message: err instanceof Error ? err.message : String(err), contention: code === '40P01' || code === '40001' };
    }
  }
}

/** The claimed events in order, cut into runs: consecutive events of one batching topic together, any other alone. */
function runs(rows: readonly ClaimedRow[], batches: (topic: string) => boolean): ClaimedRow[][] {
  const out: ClaimedRow[][] = [];
  for (const row of rows) {
    const last = out[out.length - 1];
    if (last && last[0].topic === row.topic && batches(row.topic)) last.push(row);
    else out.push([row]);
  }
  return out;
}
