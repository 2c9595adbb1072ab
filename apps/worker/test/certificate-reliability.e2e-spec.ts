import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import IORedis from 'ioredis';
import { cccdPrefix } from '@hvs/identity';
import { JobName, QueueName } from '@hvs/platform';
import { SELF_PACED_COMPLETIONS_OUTBOX_SQL } from '@hvs/learning';
import {
  bearer,
  CompiledSystem,
  coreCourseVersion,
  createTestAppWithDemoData,
  DisposableRedis,
  type MockServer,
  RegistryTestModule,
  ServiceProcess,
  startMock,
  type TestApp,
} from '@hvs/testing';

/**
 * The reliability proof of issue 13: 2,000 certificates issued while the partner injects 20% 5xx, 5%
 * requests that never answer, a rate limit below what the workers would send (429 + Retry-After) and
 * latency; meanwhile the worker process is killed with SIGKILL and started again, and Redis (append-only)
 * is restarted once, and every worker is stopped with SIGTERM in the middle of its jobs (each must finish
 * what it holds and exit by itself, leaving no job active) and started again. At the end: every certificate recognised with its reference, exactly one credential
 * per certificate at the partner, each idempotency key used for one successful record, no job left in
 * the queue, and the reconciliation finds no difference. Then the same with two worker processes.
 */
const CERTIFICATES = Number(process.env.RELIABILITY_CERTIFICATES ?? 2000);
const FAULTS = { errorRate: 0.2, hangRate: 0.05, latencyMs: 5, latencyJitterMs: 10, rateLimitRps: 250, faultAfterShare: 0.5, seed: 'reliability' };

interface Counts {
  states: Record<string, number>;
  withReference: number;
}

describe('certificates are issued exactly once through crashes, a Redis restart and partner faults', () => {
  let system: CompiledSystem;
  let redis: DisposableRedis;
  let aofDir: string;
  let mock: MockServer;
  let t: TestApp;
  let course: { courseId: string; versionId: string };
  let registered = 0;

  beforeAll(async () => {
    aofDir = await mkdtemp(join(tmpdir(), 'hvs-aof-'));
    [system, redis, mock] = await Promise.all([CompiledSystem.build(), DisposableRedis.start({ appendOnlyDir: aofDir }), startMock()]);
    t = await createTestAppWithDemoData(RegistryTestModule, { env: { REDIS_URL: redis.url } });
    course = await coreCourseVersion(t);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await mock?.close();
    await redis?.stop();
    await system?.remove();
    if (aofDir) await rm(aofDir, { recursive: true, force: true });
  });

  /** `n` residents of the demo commune with a CCCD, known to the partner's registry exactly as registered. */
  const registerResidents = async (n: number): Promise<string[]> => {
    const officer = await bearer(t.http, 'xa.baichay');
    const people = Array.from({ length: n }, () => {
      const k = ++registered;
      const year = 1950 + (k % 40);
      return {
        cccd: `${cccdPrefix('22', year, 'female')}${String(k).padStart(6, '0')}`,
        fullName: `Lê Thị Bền ${String.fromCharCode(65 + (k % 26))}${String.fromCharCode(65 + (Math.floor(k / 26) % 26))}`,
        birthDate: `${year}-0${1 + (k % 9)}-1${k % 10}`,
      };
    });
    const ids: string[] = [];
    for (let i = 0; i < people.length; i += 16) {
      const batch = await Promise.all(
        people.slice(i, i + 16).map(async (p) => {
          const res = await t.http
            .post('/api/v1/residents')
            .set(officer)
            .send({
              ...p,
              sex: 'female',
              noSmartphone: true,
              communeCode: '06673',
              consent: { purposes: ['training_records', 'certificate_recognition'], method: 'assisted' },
            });
          if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
          return res.body.id as string;
        }),
      );
      ids.push(...batch);
    }
    const added = await mock.admin('POST', '/admin/citizens', { citizens: people });
    expect(added.status).toBeLessThan(300);
    return ids;
  };

  /** Every resident completes the core course: the outbox events the worker turns into pending certificates. */
  const completeAll = async (residentIds: string[]): Promise<void> => {
    await t.db.query(SELF_PACED_COMPLETIONS_OUTBOX_SQL, [course.courseId, course.versionId, residentIds]);
  };

  const counts = async (residentIds: string[]): Promise<Counts> => {
    const rows: Array<{ state: string; n: string; refs: string }> = await t.db.query(
      `SELECT state, count(*) AS n, count(partner_reference) AS refs FROM certificates_certificates
        WHERE resident_id = ANY($1::uuid[]) GROUP BY state`,
      [residentIds],
    );
    return {
      states: Object.fromEntries(rows.map((r) => [r.state, Number(r.n)])),
      withReference: rows.reduce((sum, r) => sum + (r.state === 'recognised' ? Number(r.refs) : 0), 0),
    };
  };

  const waitFor = async (what: string, check: () => Promise<boolean>, timeoutMs: number, diagnose: () => Promise<string>) => {
    const until = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${await diagnose()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  /**
   * Active jobs of the certificates queue that a worker still holds (their lock is alive). Jobs a
   * SIGKILLed worker held stay in the active list without a lock until the stalled check moves them.
   */
  const heldJobs = async (): Promise<string[]> => {
    const connection = new IORedis(redis.url, { maxRetriesPerRequest: null });
    const prefix = `${t.redisPrefix}:bull`;
    const queue = new Queue(QueueName.Certificates, { connection, prefix });
    try {
      const active = (await queue.getJobs(['active'])).map((j) => String(j.id));
      const locked = await Promise.all(active.map((id) => connection.exists(`${prefix}:${QueueName.Certificates}:${id}:lock`)));
      return active.filter((_, i) => locked[i] === 1);
    } finally {
      await queue.close();
      await connection.quit();
    }
  };

  const startWorkers = (n: number) =>
    Promise.all(
      Array.from({ length: n }, () =>
        ServiceProcess.start('worker', system, {
          DATABASE_URL: t.database.url,
          REDIS_URL: redis.url,
          REDIS_PREFIX: t.redisPrefix,
          VNEID_BASE_URL: mock.url,
          VNEID_TIMEOUT_MS: '1000',
          CERTIFICATE_CONCURRENCY: '16',
          CERTIFICATE_MAX_ATTEMPTS: '30',
          CERTIFICATE_RETRY_BASE_MS: '200',
          CERTIFICATE_RETRY_CAP_MS: '5000',
          // the workers together would send more than the partner allows: 429s must be honoured, not lost
          VNEID_CLIENT_RPS: '400',
          // the grace a deployment gives a stopping worker before it is killed (the default is 10 s; on
          // the loaded CI machine two workers' shutdown has taken longer: see the closing note of issue 13)
          SHUTDOWN_TIMEOUT_MS: '30000',
        }),
      ),
    );

  const run = async (workerCount: number) => {
    const started = Date.now();
    const residentIds = await registerResidents(CERTIFICATES);
    const before = (await mock.admin('GET', '/admin/inspection')).body.totals.credentials as number;
    await mock.admin('PUT', '/admin/faults', FAULTS);
    const workers = await startWorkers(workerCount);
    const diagnose = async () =>
      `${JSON.stringify(await counts(residentIds))}; worker output: ${workers.map((w) => w.recentOutput.slice(-1500)).join('\n---\n')}`;
    const recognised = async () => (await counts(residentIds)).states.recognised ?? 0;
    const progress = setInterval(() => {
      void counts(residentIds).then((c) => process.stdout.write(`[reliability] ${((Date.now() - started) / 1000).toFixed(0)} s: ${JSON.stringify(c.states)}\n`));
    }, 15_000);
    try {
      const issuingStarted = Date.now();
      await completeAll(residentIds);

      // a deployment: every worker is stopped with SIGTERM in the middle of its jobs; each finishes the
      // jobs it holds and exits by itself (not forced), leaving no job held (locked), then starts again
      await waitFor('a quarter recognised', async () => (await recognised()) >= CERTIFICATES / 4, 240_000, diagnose);
      // (one after the other, as a rolling deployment restarts them)
      for (const w of workers) {
        const stopping = Date.now();
        const exit = await w.stop();
        process.stdout.write(`[reliability] worker stopped by SIGTERM in ${Date.now() - stopping} ms (${exit?.code === null ? 'by itself' : `forced, code ${exit?.code}`})\n`);
        if (exit?.code !== null) process.stdout.write(`[reliability] forced exit: ${w.recentOutput.slice(-3000)}\n`);
        expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
        if (workers.length === 1) expect(await heldJobs()).toEqual([]);
        await w.restart();
      }

      // a crash of a worker in the middle of the run: SIGKILL, no shutdown hook, jobs left active
      await waitFor('half recognised', async () => (await recognised()) >= CERTIFICATES / 2, 240_000, diagnose);
      await workers[0].kill9();
      await new Promise((r) => setTimeout(r, 500));
      await workers[0].restart();

      // Redis goes down and comes back with what its append-only file kept
      await waitFor('three quarters recognised', async () => (await recognised()) >= (CERTIFICATES * 3) / 4, 240_000, diagnose);
      await redis.stop();
      await new Promise((r) => setTimeout(r, 1000));
      await redis.restart();

      await waitFor('every certificate settled', async () => (await recognised()) === CERTIFICATES, 300_000, diagnose);
      const issuingMs = Date.now() - issuingStarted;
      await mock.admin('PUT', '/admin/faults', { errorRate: 0, hangRate: 0, rateLimitRps: 0, latencyMs: 0, latencyJitterMs: 0 });

      // here: every certificate recognised, with the partner's reference
      const finalCounts = await counts(residentIds);
      expect(finalCounts).toEqual({ states: { recognised: CERTIFICATES }, withReference: CERTIFICATES });

      // at the partner: one credential per certificate, each key used for one successful record
      const inspection = (await mock.admin('GET', '/admin/inspection')).body as {
        totals: { credentials: number; serialsWithSeveralKeys: number };
        credentials: Array<{ serial: string; idempotencyKey: string; reference: string }>;
      };
      expect(inspection.totals.credentials - before).toBe(CERTIFICATES);
      expect(inspection.totals.serialsWithSeveralKeys).toBe(0);
      const ours: Array<{ id: string; serial: string; partner_reference: string }> = await t.db.query(
        `SELECT id, serial, partner_reference FROM certificates_certificates WHERE resident_id = ANY($1::uuid[])`,
        [residentIds],
      );
      const atPartner = new Map(inspection.credentials.map((c) => [c.serial, c]));
      const keys = inspection.credentials.map((c) => c.idempotencyKey);
      expect(new Set(keys).size).toBe(keys.length);
      for (const c of ours) expect(atPartner.get(c.serial)).toMatchObject({ reference: c.partner_reference, idempotencyKey: expect.stringContaining(c.id) });

      // no job left behind in the queue
      const connection = new IORedis(redis.url, { maxRetriesPerRequest: null });
      const queue = new Queue(QueueName.Certificates, { connection, prefix: `${t.redisPrefix}:bull` });
      const eventsConnection = connection.duplicate();
      const queueEvents = new QueueEvents(QueueName.Certificates, { connection: eventsConnection, prefix: `${t.redisPrefix}:bull` });
      try {
        // (the daily reconciliation's next run waits there as a delayed job: it is not one of these)
        const left = await queue.getJobs(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);
        expect(left.filter((j) => j.name === JobName.IssueCertificate || j.name === JobName.RevokeCertificate).map((j) => j.id)).toEqual([]);

        // the reconciliation, run by the worker, finds nothing to report
        await queueEvents.waitUntilReady();
        const job = await queue.add(JobName.ReconcileCertificates, { fix: false, requestedBy: null }, { jobId: `reconcile-${workerCount}-${Date.now()}` });
        const result = (await job.waitUntilFinished(queueEvents, 120_000)) as { checked: number; differences: unknown[] };
        expect(result.differences).toEqual([]);
        expect(result.checked).toBeGreaterThanOrEqual(CERTIFICATES);
      } finally {
        await queueEvents.close();
        await queue.close();
        await eventsConnection.quit();
        await connection.quit();
      }
      process.stdout.write(
        `[reliability] ${CERTIFICATES} certificates, ${workerCount} worker process(es), faults ${JSON.stringify(FAULTS)}: ` +
          `recognised in ${(issuingMs / 1000).toFixed(1)} s (${((CERTIFICATES * 1000) / issuingMs).toFixed(1)}/s), ` +
          `whole run ${((Date.now() - started) / 1000).toFixed(1)} s, worker starts ${workers.map((w) => w.starts).join('+')}\n`,
      );
    } finally {
      clearInterval(progress);
      await Promise.all(workers.map((w) => w.stop()));
    }
  };

  it('with one worker process', () => run(1), 900_000);

  it('with two worker processes at once', () => run(2), 900_000);
});
