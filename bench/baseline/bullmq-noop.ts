/**
 * The certificate-issue baselines: BullMQ in ONE process, as the worker does: `BENCH_JOBS` jobs added
 * with `addBulk` in batches of 500 (the relay's batch, deterministic job ids), processed by a BullMQ
 * Worker with `BENCH_CONCURRENCY` jobs at once. The connection, key prefix and default job options are
 * the worker's (QueueModule). `BENCH_WORK`:
 *   - `noop` (the baseline of the target): the processor returns at once;
 *   - `partner` (a floor, reported beside it): the processor makes the two partner calls a certificate
 *     needs and nothing else: the citizen check and the record (its own key), with one token fetched
 *     beforehand, through the same HTTP client as the worker (undici's request, keep-alive) — no database, no signing.
 * Writes the moment each job completed (ms, Date.now()) to `BENCH_RESULT_FILE` as JSON and exits.
 *
 *   node dist/bench/baseline/bullmq-noop.js
 *     env: REDIS_URL, REDIS_PREFIX, BENCH_JOBS, BENCH_CONCURRENCY, BENCH_RESULT_FILE, BENCH_WORK,
 *          for `partner`: VNEID_BASE_URL, VNEID_CLIENT_SECRET, BENCH_HOLDERS_FILE (JSON [{cccd, fullName, birthDate}])
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { Agent, request } from 'undici';
import { DEFAULT_JOB_OPTIONS, redisOptionsFromUrl } from '@hvs/platform';

const RELAY_BATCH = 500;

interface Holder {
  cccd: string;
  fullName: string;
  birthDate: string;
}

/** The two partner calls of one certificate, the cheapest way: a processor for `partner` mode. */
async function partnerWork(round: string): Promise<(job: { data: { n: number } }) => Promise<void>> {
  const base = process.env.VNEID_BASE_URL as string;
  const holders = JSON.parse(readFileSync(process.env.BENCH_HOLDERS_FILE as string, 'utf8')) as Holder[];
  const basic = Buffer.from(`hocvuso:${process.env.VNEID_CLIENT_SECRET}`).toString('base64');
  const tokenRes = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  if (!tokenRes.ok) throw new Error(`token: ${tokenRes.status} ${await tokenRes.text()}`);
  const token = ((await tokenRes.json()) as { access_token: string }).access_token;
  // a credential of a real one's size (~2.5 KB): the mock checks its form, not its signature
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const credential = `${part({ alg: 'EdDSA', kid: 'floor', typ: 'vc+jwt' })}.${part({ padding: 'x'.repeat(1800) })}.${'s'.repeat(86)}`;
  const agent = new Agent({ keepAliveTimeout: 10_000 });
  const call = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await request(base + path, {
      dispatcher: agent,
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'content-type': 'application/json; charset=utf-8', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new Error(`${path}: ${res.statusCode} ${text.slice(0, 200)}`);
    JSON.parse(text);
  };
  return async (job) => {
    const holder = holders[job.data.n % holders.length];
    await call('/v1/citizens/verify', holder);
    await call(
      '/v1/credentials',
      {
        serial: `FLOOR-${round}-${job.data.n}`,
        courseCode: 'KNS-CB',
        courseVersion: 1,
        issuedAt: new Date().toISOString(),
        issuingUnitCode: '06673',
        holder,
        credential,
      },
      { 'idempotency-key': `floor-${round}-${job.data.n}` },
    );
  };
}

async function main(): Promise<void> {
  const jobs = Number(process.env.BENCH_JOBS);
  const concurrency = Number(process.env.BENCH_CONCURRENCY);
  const resultFile = process.env.BENCH_RESULT_FILE;
  const round = process.env.BENCH_ROUND ?? '1';
  if (!(jobs > 0) || !(concurrency > 0) || !resultFile || !process.env.REDIS_URL || !process.env.REDIS_PREFIX) {
    throw new Error('BENCH_JOBS, BENCH_CONCURRENCY, BENCH_RESULT_FILE, REDIS_URL and REDIS_PREFIX are required');
  }
  const connection = redisOptionsFromUrl(process.env.REDIS_URL, { maxRetriesPerRequest: null, enableOfflineQueue: true }) as ConnectionOptions;
  const prefix = `${process.env.REDIS_PREFIX}:bull`;
  const name = `bench-${process.env.BENCH_WORK === 'partner' ? 'partner' : 'noop'}`;
  const queue = new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  const completedAt: number[] = [];
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const work = process.env.BENCH_WORK === 'partner' ? await partnerWork(round) : async () => undefined;
  const worker = new Worker(name, work, { connection, prefix, concurrency, autorun: false });
  worker.on('completed', () => {
    completedAt.push(Date.now());
    if (completedAt.length === jobs) resolveDone();
  });
  worker.on('error', (err) => process.stderr.write(`worker: ${err.message}\n`));
  await worker.waitUntilReady();
  void worker.run();

  const startedAt = Date.now();
  for (let start = 0; start < jobs; start += RELAY_BATCH) {
    const batch = Array.from({ length: Math.min(RELAY_BATCH, jobs - start) }, (_, k) => ({
      name: 'noop',
      data: { certificateId: `r${round}-${start + k}`, submission: 1, n: start + k },
      opts: { jobId: `noop-${round}-${start + k}` },
    }));
    await queue.addBulk(batch);
  }
  await done;
  writeFileSync(resultFile, JSON.stringify({ startedAt, completedAt }));
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${String((err as Error)?.stack ?? err)}\n`);
    process.exit(1);
  },
);
