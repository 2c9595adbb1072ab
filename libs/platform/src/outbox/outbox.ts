import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OutboxEvent, OutboxTopic } from './outbox-events';

/**
 * The outbox insert of the rows a SELECT gives as (topic, dedupe_key, payload), skipping keys already
 * there: for a writer that folds the event into the one statement that writes the fact (a data-modifying
 * CTE), which is as atomic as a transaction and saves its round trips.
 */
export function outboxInsertFrom(select: string): string {
  return `INSERT INTO outbox_events (topic, dedupe_key, payload) ${select} ON CONFLICT (dedupe_key) DO NOTHING`;
}

/** The topics of `ResidentsChanged` events, one per capability whose facts the coverage figures count. */
export type ResidentsChangedTopic = 'identity.residents_changed' | 'classes.residents_changed' | 'certificates.residents_changed';

/**
 * Announces, in the caller's transaction, that the coverage facts of these residents changed (one
 * event per 1,000 residents, each with a key of its own): reporting's consumer brings its projection up
 * to date when the transaction has committed.
 */
export async function emitResidentsChanged(manager: EntityManager, topic: ResidentsChangedTopic, residentIds: readonly string[]): Promise<void> {
  const ids = [...new Set(residentIds)];
  for (let i = 0; i < ids.length; i += 1000) {
    await manager.query(outboxInsertFrom(`SELECT $1, $1 || ':' || gen_random_uuid(), jsonb_build_object('residentIds', $2::uuid[])`), [
      topic,
      ids.slice(i, i + 1000),
    ]);
  }
}

/**
 * Writes events to the transactional outbox (table `outbox_events`). Always pass the entity manager of
 * the transaction that writes the fact: the event commits or rolls back with it, so it can never be
 * lost nor announce something that did not happen. Returns false when an event with the same
 * `dedupeKey` already exists (nothing is written: the event happens at most once).
 */
@Injectable()
export class Outbox {
  async emit<T extends OutboxTopic>(manager: EntityManager, event: OutboxEvent<T>): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `${outboxInsertFrom('SELECT $1, $2, $3::jsonb')} RETURNING id`,
      [event.topic, event.dedupeKey, JSON.stringify(event.payload)],
    );
    return rows.length === 1;
  }

  /** Several events in one statement (a batch's), each at most once; returns how many were written. */
  async emitMany<T extends OutboxTopic>(manager: EntityManager, events: readonly OutboxEvent<T>[]): Promise<number> {
    if (events.length === 0) return 0;
    const rows: unknown[] = await manager.query(
      `${outboxInsertFrom('SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[])')} RETURNING id`,
      [events.map((e) => e.topic), events.map((e) => e.dedupeKey), events.map((e) => JSON.stringify(e.payload))],
    );
    return rows.length;
  }
}
