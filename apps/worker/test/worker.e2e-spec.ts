import { createTestApp, type TestApp } from '@hvs/testing';
import { DEFAULT_JOB_OPTIONS, JobName, jobId, QueueName, redisOptionsFromUrl } from '@hvs/platform';
import { Queue, QueueEvents, type ConnectionOptions } from 'bullmq';
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
});
