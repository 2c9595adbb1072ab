/**
 * certificate-issue (issue #13): certificates from `pending` to `recognised` through the real worker
 * and the VNeID-style partner mock over HTTP, three ways:
 *
 *   A. throughput: the partner answering in 20 ms, no faults, no rate limit; certificates recognised per
 *      second against a baseline measured in the same run, in alternating rounds: BullMQ processing no-op
 *      jobs with the same concurrency, added in the relay's batches, in one process (bench/baseline/bullmq-noop.ts);
 *   B. the partner limiting all clients to LIMIT_RPS requests/s (429 + Retry-After above it), the workers'
 *      shared limiter (VNEID_CLIENT_RPS) set to the same rate: how much of the partner's allowance the
 *      pipeline uses (accepted partner requests per second / the limit = certificates per second x
 *      partner calls per certificate / the limit), and how many 429s it met;
 *   C. the same as B with 10% faults (8% 5xx, 2% requests never answered), reported beside it.
 *
 * Each run writes `learning.course_completed` outbox events for a batch of residents seeded straight
 * into the bench database (with the certificate_recognition consent, known to the partner's registry):
 * the worker turns them into pending certificates, relays them to the queue and issues them.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { parsePersonalDataKeys, PersonalDataCipher, ResidentPersonalDataCodec, type ResidentPersonalData } from '@hvs/identity';
import { SELF_PACED_COMPLETIONS_OUTBOX_SQL } from '@hvs/learning';
import { processCpuS, type JobContext, type JobResult, type JobScenarioDefinition } from '../lib/job';
import { log, runNodeToCompletion, sleep } from '../lib/processes';
import type { TargetCheck } from '../lib/report';
import { seedResidents } from '../lib/residents';
import { DIST_ROOT, RESULTS_DIR } from '../lib/settings';
import { Partner, WorkerControl, type PartnerCounters } from '../lib/partner';
import { runKeys, type RunningSystem } from '../lib/system';
import type { Verification } from '../lib/types';

const COMMUNE_CODE = '06673';
const LIMIT_RPS = 100;
const MIN_RATIO = 0.3;
const MIN_ALLOWANCE = 0.9;
/** "No 429 storm": at most this share of the partner requests answered 429 in the limited runs. */
const MAX_429_SHARE = 0.01;
const PARTNER_LATENCY_MS = 20;
const FAULTS_C = { errorRate: 0.08, hangRate: 0.02, faultAfterShare: 0.5, seed: 'bench-faults' };
/** The steady part of a run: from the moment this share of its certificates was recognised to (1 - it). */
const EDGE = 0.1;
/** Certificates (and no-op jobs) through the path before the first measured run, unrecorded. */
const WARMUP = 300;

interface Settings {
  concurrency: number;
  throughputCertificates: number;
  limitedCertificates: number;
}

function scenarioSettings(): Settings {
  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = process.env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max) throw new Error(`${name}: must be a whole number from ${min} to ${max} (got "${raw}")`);
    return n;
  };
  return {
    concurrency: int('BENCH_CONCURRENCY', 64, 1, 500),
    throughputCertificates: int('BENCH_CERTIFICATES', 3000, 200, 100_000),
    limitedCertificates: int('BENCH_LIMITED_CERTIFICATES', 1500, 200, 100_000),
  };
}

/** Certificates (or jobs) per second between the EDGE and 1 - EDGE quantiles of their completion moments. */
function steadyRate(moments: number[]): { perS: number; windowS: number; totalS: number } {
  const sorted = [...moments].sort((a, b) => a - b);
  const lo = Math.floor(sorted.length * EDGE);
  const hi = Math.ceil(sorted.length * (1 - EDGE)) - 1;
  const windowMs = sorted[hi] - sorted[lo];
  return { perS: windowMs > 0 ? ((hi - lo) * 1000) / windowMs : 0, windowS: windowMs / 1000, totalS: (sorted[sorted.length - 1] - sorted[0]) / 1000 };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const r3 = (n: number) => Math.round(n * 1000) / 1000;
const r1 = (n: number) => Math.round(n * 10) / 10;

interface Sample {
  at: number;
  recognised: number;
  counters: PartnerCounters;
}

export const certificateIssue: JobScenarioDefinition = {
  name: 'certificate-issue',
  title: 'certificates pending -> recognised through the worker and the partner mock (throughput; a rate-limited partner, with and without faults)',
  measures:
    'A: certificates recognised per second (steady part of each run) vs BullMQ no-op jobs at the same concurrency; ' +
    'B/C: share of the partner allowance used (accepted partner requests/s / limit) and 429s, without and with 10% faults',
  services: ['vneid-mock'],
  budgetS: 1500,

  async run(ctx: JobContext): Promise<JobResult> {
    const s = scenarioSettings();
    const { system } = ctx;
    const rounds = ctx.settings.rounds;
    const mock = system.services['vneid-mock'];
    if (!mock) throw new Error('certificate-issue: the partner mock did not start');
    const partner = new Partner(mock.baseUrl, runKeys.VNEID_ADMIN_TOKEN);
    const logPrefix = join(RESULTS_DIR, 'certificate-issue');

    const client = new Client({ connectionString: system.databaseUrl });
    const holdersFile = `${logPrefix}.holders.tmp`;
    await client.connect();
    try {
      const [course] = (
        await client.query<{ courseId: string; versionId: string }>(
          `SELECT v.course_id AS "courseId", v.id AS "versionId" FROM learning_course_versions v JOIN learning_courses c ON c.id = v.course_id
            WHERE c.code = 'KNS-CB' AND v.status = 'published'`,
        )
      ).rows;
      if (!course) throw new Error('certificate-issue: the core course is not published (demo data missing?)');

      // ---- inputs: residents with the recognition consent, known to the partner exactly as registered ----
      const total = WARMUP + rounds * s.throughputCertificates + 2 * s.limitedCertificates;
      const before = await client.query<{ n: string }>(`SELECT count(*) AS n FROM identity_residents WHERE commune_code = $1 AND status = 'active'`, [COMMUNE_CODE]);
      const codec = new ResidentPersonalDataCodec(
        new PersonalDataCipher(parsePersonalDataKeys(runKeys.PII_ENCRYPTION_KEYS, runKeys.PII_ENCRYPTION_KEY_ID, runKeys.PII_INDEX_KEY)),
      );
      const seeded = await seedResidents(client, codec, ctx.rng, {
        communeCode: COMMUNE_CODE,
        target: Number(before.rows[0].n) + total,
        extraPurposes: ['certificate_recognition'],
      });
      log(`seeded ${seeded.written} residents in ${(seeded.ms / 1000).toFixed(1)} s`);
      const people = seeded.created.map((id) => ({ id, data: seeded.residents.get(id) as ResidentPersonalData }));
      for (let i = 0; i < people.length; i += 5000) {
        await partner.admin('POST', '/admin/citizens', {
          citizens: people.slice(i, i + 5000).map((p) => ({ cccd: p.data.cccd, fullName: p.data.fullName, birthDate: p.data.birthDate })),
        });
      }
      let next = 0;
      const take = (n: number) => people.slice(next, (next += n)).map((p) => p.id);

      const complete = async (ids: string[]) => {
        await client.query(
          SELF_PACED_COMPLETIONS_OUTBOX_SQL,
          [course.courseId, course.versionId, ids],
        );
      };
      const recognisedCount = async (ids: string[]) =>
        Number(
          (
            await client.query<{ n: string }>(`SELECT count(*) AS n FROM certificates_certificates WHERE resident_id = ANY($1::uuid[]) AND state = 'recognised'`, [
              ids,
            ])
          ).rows[0].n,
        );
      const stateCounts = async (ids: string[]) =>
        Object.fromEntries(
          (
            await client.query<{ state: string; n: string }>(
              `SELECT state, count(*) AS n FROM certificates_certificates WHERE resident_id = ANY($1::uuid[]) GROUP BY state`,
              [ids],
            )
          ).rows.map((r) => [r.state, Number(r.n)]),
        );

      const worker = new WorkerControl(ctx, system, logPrefix, mock.baseUrl, s.concurrency);

      /** Issues the certificates of `ids`, sampling progress and partner counters; resolves when all are recognised. */
      const issueAll = async (label: string, ids: string[], sampleEveryMs: number): Promise<{ samples: Sample[]; ms: number; workerCpuS: number; mockCpuS: number }> => {
        const cpu0 = [processCpuS(worker.pid()), processCpuS(mock.process.child.pid ?? 0)];
        const samples: Sample[] = [{ at: Date.now(), recognised: 0, counters: await partner.counters() }];
        const started = Date.now();
        await complete(ids);
        const limitMs = 600_000;
        for (;;) {
          await sleep(sampleEveryMs);
          const [recognised, counters] = await Promise.all([recognisedCount(ids), partner.counters()]);
          samples.push({ at: Date.now(), recognised, counters });
          if (recognised === ids.length) break;
          if (Date.now() - started > limitMs) throw new Error(`${label}: not every certificate was recognised within ${limitMs / 1000} s: ${JSON.stringify(await stateCounts(ids))}`);
          worker.assertRunning(label);
        }
        const cpu1 = [processCpuS(worker.pid()), processCpuS(mock.process.child.pid ?? 0)];
        return { samples, ms: Date.now() - started, workerCpuS: (cpu1[0] ?? 0) - (cpu0[0] ?? 0), mockCpuS: (cpu1[1] ?? 0) - (cpu0[1] ?? 0) };
      };

      // ---- A: throughput, no limit, no faults, against BullMQ no-op jobs ----
      await partner.admin('PUT', '/admin/faults', { latencyMs: PARTNER_LATENCY_MS, latencyJitterMs: 0, errorRate: 0, hangRate: 0, rateLimitRps: 0, outage: false });
      await worker.start({ VNEID_CLIENT_RPS: '100000' }, '.throughput');
      // warm-up (unrecorded): a few hundred certificates through the whole path, and the baselines once
      const warm = people.slice(next, next + WARMUP);
      writeFileSync(holdersFile, JSON.stringify(warm.map((p) => ({ cccd: p.data.cccd, fullName: p.data.fullName, birthDate: p.data.birthDate }))));
      const floorWork = { partnerUrl: mock.baseUrl, holdersFile };
      await runBaseline(ctx, system, logPrefix, WARMUP, s.concurrency, 0);
      await runBaseline(ctx, system, logPrefix, WARMUP, s.concurrency, 0, floorWork);
      await issueAll('warm-up', take(WARMUP), 250);
      const throughputRuns: Array<Record<string, unknown>> = [];
      for (let r = 1; r <= rounds; r++) {
        const floor = await runBaseline(ctx, system, logPrefix, s.throughputCertificates, s.concurrency, r, floorWork);
        const base = await runBaseline(ctx, system, logPrefix, s.throughputCertificates, s.concurrency, r);
        const ids = take(s.throughputCertificates);
        const run = await issueAll(`throughput round ${r}`, ids, 500);
        const moments = (
          await client.query<{ t: string }>(
            `SELECT (extract(epoch FROM recognised_at) * 1000)::float8 AS t FROM certificates_certificates WHERE resident_id = ANY($1::uuid[])`,
            [ids],
          )
        ).rows.map((x) => Number(x.t));
        const rate = steadyRate(moments);
        const counters = diff(run.samples[0].counters, run.samples[run.samples.length - 1].counters);
        const entry = {
          round: r,
          baseline_jobs_per_s: r1(base.perS),
          baseline_window_s: r3(base.windowS),
          partner_floor_jobs_per_s: r1(floor.perS),
          ratio_vs_partner_floor: r3(rate.perS / floor.perS),
          certificates_per_s: r1(rate.perS),
          window_s: r3(rate.windowS),
          ratio: r3(rate.perS / base.perS),
          certificates: ids.length,
          first_to_last_s: r3(rate.totalS),
          partner_requests: counters.requests,
          partner_calls_per_certificate: r3(counters.requests / ids.length),
          worker_cpu_ms_per_certificate: r3((run.workerCpuS * 1000) / ids.length),
          mock_cpu_ms_per_certificate: r3((run.mockCpuS * 1000) / ids.length),
        };
        throughputRuns.push(entry);
        log(
          `throughput round ${r}: baseline ${entry.baseline_jobs_per_s} jobs/s, partner floor ${entry.partner_floor_jobs_per_s} jobs/s, scenario ${entry.certificates_per_s} certificates/s, ratio ${entry.ratio} ` +
            `(worker ${entry.worker_cpu_ms_per_certificate} ms CPU/certificate, partner ${entry.mock_cpu_ms_per_certificate})`,
        );
      }
      await worker.stop();

      // ---- B and C: the partner's limit, without then with faults ----
      await partner.admin('PUT', '/admin/faults', { rateLimitRps: LIMIT_RPS, latencyMs: PARTNER_LATENCY_MS, latencyJitterMs: 0 });
      await worker.start({ VNEID_CLIENT_RPS: String(LIMIT_RPS) }, '.limited');
      const limited = async (label: string) => {
        const ids = take(s.limitedCertificates);
        const run = await issueAll(label, ids, 250);
        const steady = steadyWindow(run.samples, ids.length);
        const whole = diff(run.samples[0].counters, run.samples[run.samples.length - 1].counters);
        const accepted = steady.counters.requests - steady.counters.rateLimited;
        const entry = {
          certificates: ids.length,
          duration_s: r3(run.ms / 1000),
          window_s: r3(steady.seconds),
          certificates_per_s: r3(steady.recognised / steady.seconds),
          partner_calls_per_certificate: r3(accepted / steady.recognised),
          accepted_partner_requests_per_s: r1(accepted / steady.seconds),
          allowance_used: r3(accepted / steady.seconds / LIMIT_RPS),
          partner_requests: whole.requests,
          answered_429: whole.rateLimited,
          share_429: r3(whole.requests ? whole.rateLimited / whole.requests : 0),
          server_errors: whole.serverErrors,
          injected: whole.injected,
          tokens_issued: whole.tokensIssued,
        };
        log(
          `${label}: ${entry.certificates_per_s} certificates/s x ${entry.partner_calls_per_certificate} calls = ${entry.accepted_partner_requests_per_s} requests/s ` +
            `of ${LIMIT_RPS} allowed: ${(entry.allowance_used * 100).toFixed(1)}% used; ${entry.answered_429} answered 429 of ${entry.partner_requests}`,
        );
        return entry;
      };
      const limitedRun = await limited('limited, no faults');
      await partner.admin('PUT', '/admin/faults', FAULTS_C);
      const faultsRun = await limited('limited, 10% faults');
      await partner.admin('PUT', '/admin/faults', { errorRate: 0, hangRate: 0 });
      await worker.stop();

      // ---- verification: every certificate once at the partner, recognised here with its reference ----
      const verification = await verify(client, partner, people.slice(0, next).map((p) => p.id));

      const ratio = median(throughputRuns.map((x) => x.ratio as number));
      const targets: TargetCheck[] = [
        { name: 'throughput ratio (median of rounds)', target: `>= ${MIN_RATIO} of BullMQ no-op jobs`, actual: r3(ratio), passed: ratio >= MIN_RATIO },
        {
          name: 'partner allowance used (limited, no faults)',
          target: `>= ${MIN_ALLOWANCE * 100}% of ${LIMIT_RPS} requests/s`,
          actual: `${(limitedRun.allowance_used * 100).toFixed(1)}%`,
          passed: limitedRun.allowance_used >= MIN_ALLOWANCE,
        },
        {
          name: '429 answers (limited, no faults)',
          target: `<= ${MAX_429_SHARE * 100}% of partner requests`,
          actual: `${limitedRun.answered_429} of ${limitedRun.partner_requests}`,
          passed: limitedRun.share_429 <= MAX_429_SHARE,
        },
      ];
      const medianOf = (key: string) => r1(median(throughputRuns.map((x) => x[key] as number)));
      return {
        figures: {
          concurrency: s.concurrency,
          partner_latency_ms: PARTNER_LATENCY_MS,
          certificates_per_s: medianOf('certificates_per_s'),
          baseline_jobs_per_s: medianOf('baseline_jobs_per_s'),
          ratio: r3(ratio),
          partner_floor_jobs_per_s: medianOf('partner_floor_jobs_per_s'),
          ratio_vs_partner_floor: r3(median(throughputRuns.map((x) => x.ratio_vs_partner_floor as number))),
          limit_rps: LIMIT_RPS,
          allowance_used: limitedRun.allowance_used,
          allowance_used_with_faults: faultsRun.allowance_used,
          answered_429: limitedRun.answered_429,
          answered_429_with_faults: faultsRun.answered_429,
        },
        baseline: {
          name: 'bullmq-noop',
          description: `BullMQ in one process: jobs added with addBulk in batches of 500 (deterministic ids), a Worker with concurrency ${s.concurrency} whose processor returns at once; the worker's connection, prefix and job options`,
        },
        targets,
        verification,
        inputs: {
          residents_seeded: seeded.written,
          throughput_certificates_per_round: s.throughputCertificates,
          limited_certificates_per_run: s.limitedCertificates,
          course: 'KNS-CB (published version)',
          faults_c: FAULTS_C,
        },
        method: {
          throughput:
            'per round: the baseline process runs N no-op jobs, then N course completions are written to the outbox in one INSERT; ' +
            `certificates/s and jobs/s over the steady part of each run (between the ${EDGE * 100}% and ${100 - EDGE * 100}% quantiles of the completion moments: recognised_at, or the worker's completed event); ratio = median of the per-round ratios`,
          allowance:
            'partner counters (GET /admin/inspection) sampled every 250 ms with the count of recognised certificates; over the steady part ' +
            `(${EDGE * 100}%..${100 - EDGE * 100}% recognised): (requests - 429s) per second / the limit; 429 share over the whole run`,
          worker: `one worker process (production flags), CERTIFICATE_CONCURRENCY=${s.concurrency}, VNEID_TIMEOUT_MS=2000, retries base 200 ms cap 5 s, 30 attempts`,
        },
        summary: [
          `A. throughput (partner ${PARTNER_LATENCY_MS} ms, no faults, concurrency ${s.concurrency}):`,
          ...throughputRuns.map(
            (x) =>
              `   round ${x.round}: ${x.certificates_per_s} certificates/s vs ${x.baseline_jobs_per_s} no-op jobs/s = ${x.ratio}; ` +
              `vs ${x.partner_floor_jobs_per_s} jobs/s making only the partner calls = ${x.ratio_vs_partner_floor}` +
              `  (${x.partner_calls_per_certificate} partner calls/certificate; CPU ms/certificate: worker ${x.worker_cpu_ms_per_certificate}, partner ${x.mock_cpu_ms_per_certificate})`,
          ),
          `   median ratio ${r3(ratio)} (target >= ${MIN_RATIO})`,
          `B. partner limited to ${LIMIT_RPS} requests/s: ${limitedRun.certificates_per_s} certificates/s x ${limitedRun.partner_calls_per_certificate} calls = ${(limitedRun.allowance_used * 100).toFixed(1)}% of the allowance; 429: ${limitedRun.answered_429} of ${limitedRun.partner_requests}`,
          `C. the same with 10% faults: ${faultsRun.certificates_per_s} certificates/s x ${faultsRun.partner_calls_per_certificate} calls = ${(faultsRun.allowance_used * 100).toFixed(1)}% of the allowance; 429: ${faultsRun.answered_429} of ${faultsRun.partner_requests}; 5xx ${faultsRun.server_errors}`,
        ],
        runs: [{ phase: 'A', rounds: throughputRuns }, { phase: 'B', ...limitedRun }, { phase: 'C', ...faultsRun }],
      };
    } finally {
      await client.end().catch(() => undefined);
      rmSync(holdersFile, { force: true });
    }
  },
};

/** One run of the no-op baseline process: its steady jobs/s. */
async function runBaseline(
  ctx: JobContext,
  system: RunningSystem,
  logPrefix: string,
  jobs: number,
  concurrency: number,
  round: number,
  work: 'noop' | { partnerUrl: string; holdersFile: string } = 'noop',
): Promise<{ perS: number; windowS: number }> {
  const resultFile = `${logPrefix}.baseline-${round}.json`;
  const partnerEnv: Record<string, string> =
    work === 'noop'
      ? { BENCH_WORK: 'noop' }
      : { BENCH_WORK: 'partner', VNEID_BASE_URL: work.partnerUrl, VNEID_CLIENT_SECRET: runKeys.VNEID_CLIENT_SECRET, BENCH_HOLDERS_FILE: work.holdersFile };
  await runNodeToCompletion('bullmq-noop', join(DIST_ROOT, 'bench/baseline/bullmq-noop.js'), {
    env: {
      ...process.env,
      REDIS_URL: ctx.settings.redisUrl,
      REDIS_PREFIX: system.redisPrefix,
      BENCH_JOBS: String(jobs),
      BENCH_CONCURRENCY: String(concurrency),
      BENCH_RESULT_FILE: resultFile,
      BENCH_ROUND: String(round),
      ...partnerEnv,
    },
    logFile: `${logPrefix}.baseline${work === 'noop' ? '' : '.partner'}.log`,
    timeoutMs: 120_000,
  });
  const result = JSON.parse(readFileSync(resultFile, 'utf8')) as { completedAt: number[] };
  rmSync(resultFile, { force: true });
  return steadyRate(result.completedAt);
}

function diff(a: PartnerCounters, b: PartnerCounters): PartnerCounters {
  return {
    requests: b.requests - a.requests,
    rateLimited: b.rateLimited - a.rateLimited,
    serverErrors: b.serverErrors - a.serverErrors,
    tokensIssued: b.tokensIssued - a.tokensIssued,
    injected: {
      errorsBefore: b.injected.errorsBefore - a.injected.errorsBefore,
      errorsAfter: b.injected.errorsAfter - a.injected.errorsAfter,
      hangsBefore: b.injected.hangsBefore - a.injected.hangsBefore,
      hangsAfter: b.injected.hangsAfter - a.injected.hangsAfter,
      outage: b.injected.outage - a.injected.outage,
    },
  };
}

/** The samples between EDGE and 1 - EDGE of the certificates recognised: seconds, certificates and counters. */
function steadyWindow(samples: Sample[], total: number): { seconds: number; recognised: number; counters: PartnerCounters } {
  const first = samples.find((x) => x.recognised >= total * EDGE) ?? samples[0];
  const last = [...samples].reverse().find((x) => x.recognised <= total * (1 - EDGE)) ?? samples[samples.length - 1];
  const [a, b] = last.at > first.at ? [first, last] : [samples[0], samples[samples.length - 1]];
  return { seconds: (b.at - a.at) / 1000, recognised: b.recognised - a.recognised, counters: diff(a.counters, b.counters) };
}

async function verify(client: Client, partner: Partner, residentIds: string[]): Promise<Verification> {
  const ours = (
    await client.query<{ id: string; serial: string; state: string; partner_reference: string | null; has_credential: boolean }>(
      `SELECT id, serial, state, partner_reference, credential_jwt IS NOT NULL AS has_credential
         FROM certificates_certificates WHERE resident_id = ANY($1::uuid[])`,
      [residentIds],
    )
  ).rows;
  const inspection = await partner.admin<{
    totals: { credentials: number; serialsWithSeveralKeys: number };
    credentials: Array<{ serial: string; reference: string; idempotencyKey: string; serialKeys: number }>;
  }>('GET', '/admin/inspection');
  // the partner-floor baseline records credentials of its own (serials FLOOR-...): not ours
  const credentials = inspection.credentials.filter((c) => !c.serial.startsWith('FLOOR-'));
  const atPartner = new Map(credentials.map((c) => [c.serial, c]));
  const failures: unknown[] = [];
  const examples: unknown[] = [];
  if (ours.length !== residentIds.length) failures.push({ problem: 'certificates missing', expected: residentIds.length, found: ours.length });
  if (credentials.length !== ours.length) failures.push({ problem: 'credentials at the partner', expected: ours.length, found: credentials.length });
  if (inspection.totals.serialsWithSeveralKeys !== 0) failures.push({ problem: 'serials recorded under several keys', count: inspection.totals.serialsWithSeveralKeys });
  for (const c of ours) {
    const p = atPartner.get(c.serial);
    const ok = c.state === 'recognised' && c.has_credential && p !== undefined && p.reference === c.partner_reference && p.idempotencyKey.includes(c.id);
    if (!ok && failures.length < 20) failures.push({ certificate: c.id, serial: c.serial, state: c.state, reference: c.partner_reference, atPartner: p ?? null });
    else if (ok && examples.length < 3) examples.push({ serial: c.serial, reference: c.partner_reference });
  }
  const failed = failures.length;
  return {
    passed: failed === 0,
    checked: ours.length + 3,
    failed,
    method:
      'every certificate of the run recognised, with its credential and the reference the partner holds for its serial under a key naming it; ' +
      'as many credentials at the partner as certificates; no serial recorded under two keys',
    examples,
    failures,
  };
}
