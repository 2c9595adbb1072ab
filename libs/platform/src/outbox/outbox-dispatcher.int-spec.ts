import { createTestDatabase, type TestDatabase } from '@hvs/testing';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../database/data-source-options';
import { OutboxDispatcher, OutboxHandlers } from './outbox-dispatcher';

describe('OutboxDispatcher', () => {
  let db: TestDatabase;
  let a: DataSource;
  let b: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    a = await new DataSource(buildDataSourceOptions({ DATABASE_URL: db.url, DATABASE_POOL_SIZE: 3 }, 'dispatcher-a')).initialize();
    b = await new DataSource(buildDataSourceOptions({ DATABASE_URL: db.url, DATABASE_POOL_SIZE: 3 }, 'dispatcher-b')).initialize();
    await a.query(`CREATE TABLE test_consumed (event_id bigint NOT NULL, by text NOT NULL)`);
  });
  afterAll(async () => {
    await a.destroy();
    await b.destroy();
    await db.drop();
  });
  beforeEach(async () => {
    await a.query(`TRUNCATE outbox_events, test_consumed`);
  });

  const emit = (n: number, topic = 'learning.final_passed', from = 0) =>
    a.query(
      `INSERT INTO outbox_events (topic, dedupe_key, payload)
       SELECT $1, $1 || ':' || (g + $3), jsonb_build_object('n', g + $3) FROM generate_series(1, $2) g`,
      [topic, n, from],
    );

  function dispatcher(ds: DataSource, name: string, fail?: (n: number) => boolean): OutboxDispatcher {
    const handlers = new OutboxHandlers();
    handlers.register('learning.final_passed', async (tx, event) => {
      await tx.query(`INSERT INTO test_consumed (event_id, by) VALUES ($1, $2)`, [event.id, name]);
      if (fail?.((event.payload as unknown as { n: number }).n)) throw new Error(`handler refused ${event.id}`);
    });
    return new OutboxDispatcher(ds, handlers);
  }

  async function drain(d: OutboxDispatcher, limit: number): Promise<void> {
    while ((await d.dispatchBatch(limit)).claimed > 0);
  }

  it('hands every event to its handler exactly once with two dispatchers running at once, in id order per batch', async () => {
    await emit(600);
    await Promise.all([drain(dispatcher(a, 'a'), 25), drain(dispatcher(b, 'b'), 25)]);
    const [counts] = await a.query(
      `SELECT count(*)::int AS handled, count(DISTINCT event_id)::int AS events, count(DISTINCT by)::int AS dispatchers FROM test_consumed`,
    );
    expect(counts).toEqual({ handled: 600, events: 600, dispatchers: 2 });
    const [left] = await a.query(`SELECT count(*)::int AS n FROM outbox_events WHERE published_at IS NULL`);
    expect(left.n).toBe(0);
  });

  it('hands events over in id order, also past id 9 (numeric, not text order)', async () => {
    await a.query(`TRUNCATE outbox_events RESTART IDENTITY`);
    await emit(12);
    const seen: number[] = [];
    const handlers = new OutboxHandlers();
    handlers.register('learning.final_passed', async (_tx, event) => void seen.push(Number(event.id)));
    await new OutboxDispatcher(a, handlers).dispatchBatch();
    expect(seen).toHaveLength(12);
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
  });

  it("rolls a failing handler's writes back, keeps the event pending with its error, and publishes the others", async () => {
    await emit(5);
    const result = await dispatcher(a, 'a', (n) => n === 3).dispatchBatch();
    expect(result).toEqual({ claimed: 5, published: 4, failed: 1, dead: 0 });
    const consumed: Array<{ n: number }> = await a.query(
      `SELECT (e.payload->>'n')::int AS n FROM test_consumed c JOIN outbox_events e ON e.id = c.event_id ORDER BY 1`,
    );
    expect(consumed.map((r) => r.n)).toEqual([1, 2, 4, 5]);
    const [bad] = await a.query(`SELECT published_at, attempts, last_error, dead_at FROM outbox_events WHERE payload->>'n' = '3'`);
    expect(bad).toMatchObject({ published_at: null, attempts: 1, dead_at: null });
    expect(bad.last_error).toMatch(/handler refused/);
  });

  it('hands consecutive events of a batching topic over together (an event nobody consumes does not split them), in order, and falls back to one by one when a run fails', async () => {
    await emit(3);
    await emit(1, 'learning.course_completed', 100);
    await emit(4, 'learning.final_passed', 10);
    const calls: number[][] = [];
    const handlers = new OutboxHandlers();
    handlers.registerBatch('learning.final_passed', async (tx, events) => {
      const ns = events.map((e) => (e.payload as unknown as { n: number }).n);
      calls.push(ns);
      for (const e of events) await tx.query(`INSERT INTO test_consumed (event_id, by) VALUES ($1, 'batch')`, [e.id]);
      if (ns.includes(12)) throw new Error('refused 12');
    });
    const result = await new OutboxDispatcher(a, handlers).dispatchBatch();
    // 1-3 and 11-14 together (the other topic's event between them has no handler), refused, then one by one
    expect(calls).toEqual([[1, 2, 3, 11, 12, 13, 14], [1], [2], [3], [11], [12], [13], [14]]);
    expect(result).toEqual({ claimed: 8, published: 7, failed: 1, dead: 0 });
    const consumed: Array<{ n: number }> = await a.query(
      `SELECT (e.payload->>'n')::int AS n FROM test_consumed c JOIN outbox_events e ON e.id = c.event_id ORDER BY 1`,
    );
    // the failed run's writes were undone: each event is consumed once
    expect(consumed.map((r) => r.n)).toEqual([1, 2, 3, 11, 13, 14]);
  });

  it('gives a poison event up after the maximum number of failures, so the rest keep flowing', async () => {
    await emit(1);
    const d = dispatcher(a, 'a', (n) => n === 1);
    for (let i = 0; i < 3; i++) await d.dispatchBatch(10, 3);
    const [poison] = await a.query(`SELECT attempts, dead_at FROM outbox_events`);
    expect(poison.attempts).toBe(3);
    expect(poison.dead_at).not.toBeNull();
    await emit(2, 'learning.final_passed', 10);
    expect(await d.dispatchBatch(10, 3)).toEqual({ claimed: 2, published: 2, failed: 0, dead: 0 });
  });

  it('does not count a deadlock with another dispatcher as an attempt: the event is retried, never given up', async () => {
    await emit(1);
    const handlers = new OutboxHandlers();
    let calls = 0;
    handlers.register('learning.final_passed', async () => {
      if (++calls <= 5) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
    });
    const d = new OutboxDispatcher(a, handlers);
    for (let i = 0; i < 5; i++) expect(await d.dispatchBatch(10, 3)).toMatchObject({ claimed: 1, published: 0, dead: 0 });
    const [pending] = await a.query(`SELECT attempts, dead_at FROM outbox_events`);
    expect(pending).toEqual({ attempts: 0, dead_at: null });
    expect(await d.dispatchBatch(10, 3)).toMatchObject({ published: 1 });
  });

  it('stops a batch between runs when shutdown begins, committing what was done', async () => {
    await emit(3);
    const stop = new AbortController();
    const handlers = new OutboxHandlers();
    handlers.register('learning.final_passed', async (tx, event) => {
      await tx.query(`INSERT INTO test_consumed (event_id, by) VALUES ($1, 'a')`, [event.id]);
      stop.abort(); // shutdown begins while the first event is handled
    });
    const result = await new OutboxDispatcher(a, handlers).dispatchBatch(10, 3, stop.signal);
    expect(result).toMatchObject({ claimed: 3, published: 1 });
    const [left] = await a.query(`SELECT count(*)::int AS n FROM outbox_events WHERE published_at IS NULL`);
    expect(left.n).toBe(2);
    expect(await new OutboxDispatcher(a, handlers).dispatchBatch(10, 3)).toMatchObject({ published: 2 });
  });

  it('marks events of a topic nobody consumes as published without calling anything', async () => {
    await emit(3, 'learning.course_completed');
    expect(await dispatcher(a, 'a').dispatchBatch()).toMatchObject({ claimed: 3, published: 3 });
    const [n] = await a.query(`SELECT count(*)::int AS n FROM test_consumed`);
    expect(n.n).toBe(0);
  });
});
