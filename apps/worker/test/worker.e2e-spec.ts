import { randomUUID } from 'node:crypto';
import { ClassAttendanceShares } from '@hvs/classes';
import { AttendanceShareRegistry, CourseCompletion } from '@hvs/learning';
import { createTestApp, type TestApp } from '@hvs/testing';
import { DEFAULT_JOB_OPTIONS, JobName, jobId, QueueName, redisOptionsFromUrl, vietnamDayFromToday, vietnamToday } from '@hvs/platform';
import { Queue, QueueEvents, type ConnectionOptions } from 'bullmq';
import { ageBandsCatchUpJobId, MAINTENANCE_SCHEDULES, MaintenanceSchedule, SCHEDULE_TZ } from '../src/maintenance/maintenance.schedule';
import { WorkerModule } from '../src/worker.module';

describe('worker: processes jobs that the api enqueues through Redis', () => {
  let t: TestApp;
  let queue: Queue;
  let events: QueueEvents;

  beforeAll(async () => {
    t = await createTestApp(WorkerModule, { apiPrefix: false });
    const connection = redisOptionsFromUrl(process.env.REDIS_URL as string, { maxRetriesPerRequest: null }) as ConnectionOptions;
    const prefix = `${t.redisPrefix}:bull`;
    queue = new Queue(QueueName.Maintenance, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
    events = new QueueEvents(QueueName.Maintenance, { connection, prefix });
    await events.waitUntilReady();
  });
  afterAll(async () => {
    await events.close();
    await queue.close();
    await t.close();
  });

  it('answers health on its own port, checking PostgreSQL and Redis', async () => {
    const res = await t.http.get('/health/ready').expect(200);
    expect(res.body.details).toMatchObject({ database: { status: 'up' }, redis: { status: 'up' } });
    await t.http.get('/api/v1/geo/provinces').expect(404); // no public API on the worker
  });

  it('evaluates course completion with class attendance, like the api (the classes implementation is registered)', async () => {
    expect(t.app.get(AttendanceShareRegistry).current).toBeInstanceOf(ClassAttendanceShares);
    // the evaluation statement, with classes' SQL, runs against the schema (a pair with no facts completes nothing)
    const pair = { residentId: randomUUID(), versionId: randomUUID() };
    const completed = await t.db.transaction((tx) => t.app.get(CourseCompletion).evaluate(tx, [pair]));
    expect(completed).toEqual([]);
  });

  it('runs a heartbeat job end to end (queue -> worker -> PostgreSQL) and returns its result', async () => {
    const job = await queue.add(JobName.WorkerHeartbeat, { requestedAt: new Date().toISOString() }, { jobId: jobId(JobName.WorkerHeartbeat, 'e2e-1') });
    const result = await job.waitUntilFinished(events, 15_000);
    expect(Date.parse(result.databaseTime)).not.toBeNaN();
    expect(Math.abs(Date.parse(result.databaseTime) - Date.now())).toBeLessThan(60_000);
  });

  it('collapses a repeated enqueue with the same job id into one job', async () => {
    const id = jobId(JobName.WorkerHeartbeat, 'e2e-dup');
    const a = await queue.add(JobName.WorkerHeartbeat, { requestedAt: 'a' }, { jobId: id });
    const b = await queue.add(JobName.WorkerHeartbeat, { requestedAt: 'b' }, { jobId: id });
    expect(b.id).toBe(a.id);
    await a.waitUntilFinished(events, 15_000);
    const stored = await queue.getJob(id);
    expect(stored?.data).toEqual({ requestedAt: 'a' });
  });

  it('registers the daily purge of offline batches when it starts, once however many times it starts', async () => {
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key).sort()).toEqual(MAINTENANCE_SCHEDULES.map((s) => s.id).sort());
    const purge = schedulers.find((s) => s.key === 'attendance-sync-batches-purge-daily');
    expect(purge).toMatchObject({ name: JobName.PurgeSyncBatches, pattern: '17 2 * * *', tz: SCHEDULE_TZ });
    expect(purge?.next).toBeGreaterThan(Date.now());
    await t.app.get(MaintenanceSchedule).onApplicationBootstrap(); // a second worker instance starting
    expect(await queue.getJobSchedulersCount()).toBe(MAINTENANCE_SCHEDULES.length);
  });

  it('catches up the day\'s age-band refresh when it starts (a worker down at midnight), once per Vietnam day', async () => {
    const day = vietnamToday();
    const started = await queue.getJob(ageBandsCatchUpJobId(day));
    expect(started?.name).toBe(JobName.RefreshAgeBands);
    expect(started?.data).toEqual({ day });
    expect(await started?.waitUntilFinished(events, 30_000)).toEqual({ moved: 0, day });
    const finished = await queue.getJob(ageBandsCatchUpJobId(day));
    expect(finished?.finishedOn).toBeGreaterThan(0);
    // a second worker starting the same day makes no second run
    await t.app.get(MaintenanceSchedule).onApplicationBootstrap();
    const again = await queue.getJob(ageBandsCatchUpJobId(day));
    expect(again?.timestamp).toBe(finished?.timestamp);
    expect(again?.finishedOn).toBe(finished?.finishedOn);
    expect(await again?.getState()).toBe('completed');

    // a projection row whose band change came yesterday (the midnight job missed): the start-up run moves it
    const [{ id }] = await t.db.query(
      `INSERT INTO reporting_residents (resident_id, commune_code, village_code, province_code, birth_year, age_band, band_changes_on, sex,
         ethnic_minority, disability, poverty, no_smartphone, enrolled, attended, completed, recognised, pending, rejected, failed, revoked, as_of, updated_at)
       SELECT gen_random_uuid(), c.code, NULL, c.province_code, 2008, 'minor', $1::date, 'female', false, false, 'none', false,
              false, false, false, 0, 0, 0, 0, 0, $1::date, now()
         FROM geo_communes c ORDER BY c.code LIMIT 1 RETURNING resident_id AS id`,
      [vietnamDayFromToday(-1)],
    );
    await again?.remove();
    await t.app.get(MaintenanceSchedule).onApplicationBootstrap();
    const caughtUp = await queue.getJob(ageBandsCatchUpJobId(day));
    expect(await caughtUp?.waitUntilFinished(events, 30_000)).toEqual({ moved: 1, day });
    // no such resident is active, so the refresh drops the row (a real one would get its new band and next date)
    expect(await t.db.query(`SELECT 1 FROM reporting_residents WHERE resident_id = $1`, [id])).toEqual([]);
  });

  it('purges offline batches older than the retention (60 days by default), in chunks, and keeps the newer ones', async () => {
    const [account] = await t.db.query(
      `INSERT INTO identity_accounts (role, display_name, scope_commune_code, scope_path)
       SELECT 'instructor', 'Giảng viên thử', c.code, c.path FROM geo_communes c ORDER BY c.code LIMIT 1 RETURNING id`,
    );
    // 5,003 batches stored 61 days ago (more than one chunk of 5,000), 2 stored 59 days ago, 1 today
    await t.db.query(
      `INSERT INTO classes_sync_batches (account_id, idempotency_key, request_hash, response, created_at)
       SELECT $1::uuid, 'old-' || g, 'h', '{"results": []}'::jsonb, now() - interval '61 days' FROM generate_series(1, 5003) g
       UNION ALL SELECT $1, 'recent-' || g, 'h', '{"results": []}'::jsonb, now() - interval '59 days' FROM generate_series(1, 2) g
       UNION ALL SELECT $1, 'today', 'h', '{"results": []}'::jsonb, now()`,
      [account.id],
    );
    const job = await queue.add(JobName.PurgeSyncBatches, {}, { jobId: jobId(JobName.PurgeSyncBatches, 'e2e-1') });
    const result = await job.waitUntilFinished(events, 30_000);
    expect(result.deleted).toBe(5003);
    expect(Math.abs(Date.parse(result.before) - (Date.now() - 60 * 24 * 3600 * 1000))).toBeLessThan(60_000);
    const left: Array<{ key: string }> = await t.db.query(`SELECT idempotency_key AS key FROM classes_sync_batches ORDER BY 1`);
    expect(left.map((r) => r.key)).toEqual(['recent-1', 'recent-2', 'today']);

    // counted back from a later moment (the job's "at"), the newer ones go too; again: nothing left to do
    const later = new Date(Date.now() + 2 * 24 * 3600 * 1000).toISOString();
    const second = await queue.add(JobName.PurgeSyncBatches, { at: later }, { jobId: jobId(JobName.PurgeSyncBatches, 'e2e-2') });
    expect((await second.waitUntilFinished(events, 30_000)).deleted).toBe(2);
    const third = await queue.add(JobName.PurgeSyncBatches, { at: later }, { jobId: jobId(JobName.PurgeSyncBatches, 'e2e-3') });
    expect((await third.waitUntilFinished(events, 30_000)).deleted).toBe(0);
    expect(await t.db.query(`SELECT idempotency_key AS key FROM classes_sync_batches`)).toEqual([{ key: 'today' }]);
  });

  it('fails a purge job with an unreadable moment, and deletes nothing', async () => {
    const job = await queue.add(JobName.PurgeSyncBatches, { at: 'yesterday' }, { jobId: jobId(JobName.PurgeSyncBatches, 'e2e-bad'), attempts: 1 });
    await expect(job.waitUntilFinished(events, 30_000)).rejects.toThrow(/invalid "at"/);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM classes_sync_batches`)).toEqual([{ n: 1 }]);
  });
  it('dispatches the outbox in a loop: a new event is marked published shortly after it is written', async () => {
    const [row] = await t.db.query(
      `INSERT INTO outbox_events (topic, dedupe_key, payload) VALUES ('learning.final_passed', 'worker-e2e-' || gen_random_uuid(), '{}') RETURNING id`,
    );
    const deadline = Date.now() + 10_000;
    let published: Date | null = null;
    while (published === null && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      [{ published_at: published }] = await t.db.query(`SELECT published_at FROM outbox_events WHERE id = $1`, [row.id]);
    }
    expect(published).not.toBeNull();
  });
});
