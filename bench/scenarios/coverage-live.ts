/**
 * coverage-live: certificates recognised at a steady rate while officers read the figures, on the
 * seeded country of ten million residents (`npm run bench:seed -- --residents 10000000`).
 *
 * The steady stream is real: the seed's pending certificates (issued, not yet relayed: a run uses up
 * some, `npm run bench:seed` makes new ones) go through the
 * worker and the partner mock, whose allowance (and the worker's own limiter) is set to
 * PARTNER_RPS requests per second, so that the partner's pace sets the rate of recognitions, as in
 * life. Their holders are first registered in the mock's citizen registry exactly as recorded
 * (decrypted with the seed's keys). Meanwhile:
 *   - officers read: the coverage-read mix, open loop at READ_RATE requests/s;
 *   - a poller asks for the national figure every POLL_MS and records its recognised certificates.
 * After RUN_S seconds the partner goes into an outage (nothing more is recognised), the outbox drains,
 * the worker stops, and `cli coverage:verify` recounts everything from the base tables.
 *
 * Lag of a recognition = the time from its recognition (the certificate's recognised_at: the start of
 * the worker's transaction, so the figure is conservative) to the end of the first national answer
 * that counts it (answers counted in order: the k-th recognition is in an answer showing at least k
 * more recognised certificates than before the run). Beside it, in the database alone: the time from
 * the recognition's outbox event to the transaction of the consumer that moved the counters.
 */
import { join } from 'node:path';
import { Client } from 'pg';
import { parsePersonalDataKeys, PersonalDataCipher, ResidentPersonalDataCodec } from '@hvs/identity';
import { http } from '../lib/http';
import type { JobContext, JobResult, JobScenarioDefinition } from '../lib/job';
import { CpuAccount, runFixedRate } from '../lib/load';
import { Partner, WorkerControl } from '../lib/partner';
import { log, sleep } from '../lib/processes';
import { databaseName, RESULTS_DIR } from '../lib/settings';
import { cliEnv, runCli, runKeys } from '../lib/system';
import { drawMix, officerTokens } from './coverage-read';

const API = '/api/v1/reporting';
const PARTNER_RPS = Number(process.env.BENCH_PARTNER_RPS || 600);
const RUN_S = Number(process.env.BENCH_LIVE_S || 90);
/** BENCH_LIVE_VERIFY=0 leaves coverage:verify out (a diagnostic run: the target then fails as not checked). */
const VERIFY = process.env.BENCH_LIVE_VERIFY !== '0';
/**
 * The worker's CERTIFICATE_CONCURRENCY in the run (BENCH_LIVE_CONCURRENCY for a diagnostic run). A job
 * mostly waits (two partner calls, the coalesced reads and writes), so the jobs in flight bound the rate
 * (Little's law: 64 jobs of ~0.3 s each gave ~210/s with the CPU to spare for more); the partner's
 * allowance, not this, is meant to set the pace.
 */
const WORKER_CONCURRENCY = Number(process.env.BENCH_LIVE_CONCURRENCY || 128);
const READ_RATE = 10;
const POLL_MS = 250;
const MAX_LAG_P95_MS = 2000;
const MIN_RECOGNITIONS_PER_S = 250;
/** The first seconds of the stream (caches cold after the seed, the worker's pools filling) are left out of the steady rate. */
const RAMP_S = 20;

interface Poll {
  sentAt: number;
  receivedAt: number;
  recognised: number;
  certified: number;
}

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : NaN);
const r1 = (n: number) => Math.round(n * 10) / 10;

export const coverageLive: JobScenarioDefinition = {
  name: 'coverage-live',
  title: 'Certificates recognised at a steady rate while officers read: the lag to the figures, and coverage:verify afterwards',
  measures:
    'recognitions per second through the worker and the partner mock (its allowance sets the pace); the lag from a recognition to the ' +
    'national figure that counts it (p50/p95/max); the officers\' reads meanwhile (open loop); coverage:verify after the load',
  services: ['api', 'vneid-mock'],
  database: { kind: 'coverage-seed', minResidents: 10_000_000 },
  budgetS: 4 * 3600,

  async run(ctx: JobContext): Promise<JobResult> {
    const { system } = ctx;
    const api = system.services.api;
    const mock = system.services['vneid-mock'];
    if (!api || !mock) throw new Error('coverage-live needs the api and the partner mock');
    const partner = new Partner(mock.baseUrl, runKeys.VNEID_ADMIN_TOKEN);
    const db = new Client({ connectionString: system.databaseUrl });
    await db.connect();
    try {
      // ---- the backlog: pending certificates, their holders known to the partner as registered ----
      const codec = new ResidentPersonalDataCodec(
        new PersonalDataCipher(parsePersonalDataKeys(runKeys.PII_ENCRYPTION_KEYS, runKeys.PII_ENCRYPTION_KEY_ID, runKeys.PII_INDEX_KEY)),
      );
      // a previous run's relayed certificates that are still pending lost their jobs with its Redis
      // prefix: they are relayed again by this run's worker (their state and the aggregates are untouched)
      const released = await db.query(`UPDATE certificates_certificates SET relayed_at = NULL, attempts = 0 WHERE state = 'pending' AND relayed_at IS NOT NULL`);
      if (released.rowCount) log(`coverage-live: ${released.rowCount} pending certificates of an earlier run released for relaying`);
      const backlog = (
        await db.query<{ resident_id: string; personal_data: Buffer }>(
          `SELECT c.resident_id, r.personal_data FROM certificates_certificates c JOIN identity_residents r ON r.id = c.resident_id
            WHERE c.state = 'pending' AND c.relayed_at IS NULL AND r.status = 'active'`,
        )
      ).rows;
      if (backlog.length < (PARTNER_RPS / 2) * RUN_S) {
        throw new Error(`coverage-live: only ${backlog.length} pending certificates, too few for ${RUN_S} s at the partner's pace: seed again (npm run bench:seed)`);
      }
      log(`coverage-live: ${backlog.length} pending certificates; registering their holders with the partner…`);
      for (let i = 0; i < backlog.length; i += 5000) {
        await partner.admin('POST', '/admin/citizens', {
          citizens: backlog.slice(i, i + 5000).map((b) => {
            const p = codec.decrypt(b.resident_id, b.personal_data);
            return { cccd: p.cccd, fullName: p.fullName, birthDate: p.birthDate };
          }),
        });
      }
      await partner.admin('PUT', '/admin/faults', { latencyMs: 20, latencyJitterMs: 10, errorRate: 0, hangRate: 0, rateLimitRps: PARTNER_RPS, outage: false });

      const auth = await officerTokens(api.baseUrl);
      const national = async (): Promise<Poll> => {
        const sentAt = Date.now();
        const res = await http<{ figures: { certified: number; certificates: { recognised: number } } }>(api.baseUrl, `${API}/figures/country`, { headers: auth('') });
        if (res.status !== 200) throw new Error(`coverage-live: national figures answered HTTP ${res.status}`);
        return { sentAt, receivedAt: Date.now(), recognised: res.body.figures.certificates.recognised, certified: res.body.figures.certified };
      };
      const before = await national();
      const reads = await drawMix(db, ctx.rng, auth, 400);

      // ---- the run: the worker drains the backlog at the partner's pace; officers read; the poller watches ----
      const worker = new WorkerControl(ctx, system, join(RESULTS_DIR, 'coverage-live'), mock.baseUrl, WORKER_CONCURRENCY);
      const runStart = new Date();
      await worker.start({ VNEID_CLIENT_RPS: String(PARTNER_RPS) }, '');
      const cpu = new CpuAccount({
        pids: { worker: worker.pid(), api: api.process.child.pid, partner: mock.process.child.pid },
        dbName: databaseName(system.databaseUrl),
      });
      const polls: Poll[] = [];
      let polling = true;
      const poller = (async () => {
        while (polling) {
          const next = Date.now() + POLL_MS;
          polls.push(await national());
          await sleep(Math.max(0, next - Date.now()));
        }
      })();
      log(`coverage-live: ${RUN_S} s of recognitions at the partner's pace (${PARTNER_RPS} requests/s) while officers read ${READ_RATE} requests/s…`);
      const readResult = await runFixedRate({ baseUrl: api.baseUrl, description: 'the coverage-read mix', next: reads.map((d) => d.api) }, { ratePerS: READ_RATE, durationS: RUN_S });
      worker.assertRunning('after the run');
      const cpuDuringRun = cpu.finish();
      log(`coverage-live: CPU during the run (% of one core): ${JSON.stringify(cpuDuringRun)}`);

      // ---- the end: no more recognitions; the outbox drains; the figures catch up ----
      await partner.admin('PUT', '/admin/faults', { latencyMs: 20, latencyJitterMs: 0, errorRate: 0, hangRate: 0, rateLimitRps: PARTNER_RPS, outage: true });
      const outageAt = Date.now();
      await sleep(3000);
      const drainedBy = Date.now() + 120_000;
      for (;;) {
        const [{ n }] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_events WHERE published_at IS NULL AND dead_at IS NULL`)).rows;
        if (n === 0) break;
        if (Date.now() > drainedBy) throw new Error(`coverage-live: ${n} outbox event(s) still pending 2 minutes after the load`);
        await sleep(250);
      }
      const outageToDrainedMs = Date.now() - outageAt;
      await sleep(POLL_MS * 2);
      polling = false;
      await poller;
      const after = await national();
      await worker.stop();

      // ---- the recognitions and their lag ----
      const recognitions = (
        await db.query<{ at: Date }>(`SELECT recognised_at AS at FROM certificates_certificates WHERE recognised_at >= $1 ORDER BY recognised_at`, [runStart])
      ).rows.map((r) => r.at.getTime());
      const answered = [...polls, after];
      const lags: number[] = [];
      let p = 0;
      for (let k = 0; k < recognitions.length; k++) {
        while (p < answered.length && answered[p].recognised - before.recognised < k + 1) p++;
        if (p === answered.length) break;
        lags.push(Math.max(0, answered[p].receivedAt - recognitions[k]));
      }
      const uncounted = recognitions.length - lags.length;
      const sortedLags = [...lags].sort((a, b) => a - b);
      const dbLag = (
        await db.query<{ ms: number }>(
          `SELECT extract(epoch FROM published_at - created_at) * 1000 AS ms FROM outbox_events
            WHERE topic = 'certificates.residents_changed' AND created_at >= $1 AND published_at IS NOT NULL ORDER BY 1`,
          [runStart],
        )
      ).rows.map((r) => Number(r.ms));
      const activeS = recognitions.length > 1 ? (recognitions[recognitions.length - 1] - recognitions[0]) / 1000 : 0;
      const wholeRunPerS = activeS > 0 ? recognitions.length / activeS : 0;
      // the steady rate: from RAMP_S seconds after the first recognition to the last
      const steadyFrom = (recognitions[0] ?? 0) + RAMP_S * 1000;
      const steady = recognitions.filter((at) => at >= steadyFrom);
      const steadyS = steady.length > 1 ? (steady[steady.length - 1] - steady[0]) / 1000 : 0;
      const perS = steadyS > 0 ? steady.length / steadyS : 0;
      const lagSummary = { p50_ms: pct(sortedLags, 50), p95_ms: pct(sortedLags, 95), p99_ms: pct(sortedLags, 99), max_ms: sortedLags[sortedLags.length - 1] ?? NaN };
      const dbLagSummary = { p50_ms: r1(pct(dbLag, 50)), p95_ms: r1(pct(dbLag, 95)), max_ms: r1(dbLag[dbLag.length - 1] ?? NaN) };
      log(`coverage-live: ${recognitions.length} recognitions in ${r1(activeS)} s (${r1(wholeRunPerS)}/s; ${r1(perS)}/s after the first ${RAMP_S} s); lag p50 ${lagSummary.p50_ms} ms, p95 ${lagSummary.p95_ms} ms, max ${lagSummary.max_ms} ms`);
      const moved = after.recognised - before.recognised;
      // the figures moving: one point a second
      const series = answered.filter((_, i) => i % Math.max(1, Math.round(1000 / POLL_MS)) === 0);

      // ---- coverage:verify over everything ----
      // the worker is stopped now: if Vietnam's midnight has passed since it started, the birthdays of the
      // new day are due, and a running worker would have moved them at 00:00; so does this, first
      await runCli(['coverage:age-bands'], {
        env: cliEnv(ctx.settings),
        logFile: join(RESULTS_DIR, 'coverage-live.age-bands.log'),
        timeoutMs: 600_000,
      });
      log('coverage-live: coverage:verify (recounts everything from the base tables)…');
      let verifyMs = 0;
      let verifyError: string | null = null;
      if (!VERIFY) verifyError = 'not run (BENCH_LIVE_VERIFY=0)';
      else {
        try {
          verifyMs = await runCli(['coverage:verify'], {
            env: cliEnv(ctx.settings),
            logFile: join(RESULTS_DIR, 'coverage-live.verify.log'),
            timeoutMs: 3 * 3600_000,
          });
        } catch (err) {
          verifyError = (err as Error).message;
        }
      }
      log(`coverage-live: coverage:verify ${verifyError ? `FAILED: ${verifyError}` : `found no difference (${Math.round(verifyMs / 1000)} s)`}`);

      const targets = [
        { name: 'recognitions_per_s', target: `>= ${MIN_RECOGNITIONS_PER_S}/s (steady: after the first ${RAMP_S} s, through the worker and the partner)`, actual: r1(perS), passed: perS >= MIN_RECOGNITIONS_PER_S },
        { name: 'lag_p95_ms', target: `< ${MAX_LAG_P95_MS} ms from a recognition to the national figure counting it`, actual: lagSummary.p95_ms, passed: lagSummary.p95_ms < MAX_LAG_P95_MS && uncounted === 0 },
        { name: 'figure_moved', target: 'the national figure gained exactly the recognitions', actual: `${moved} of ${recognitions.length}`, passed: moved === recognitions.length },
        { name: 'read_errors', target: '0 (officers\' reads meanwhile)', actual: readResult.errors, passed: readResult.errors === 0 },
        { name: 'coverage_verify', target: 'no difference after the load', actual: verifyError ?? 'no difference', passed: verifyError === null },
      ];
      return {
        figures: {
          recognitions: recognitions.length,
          recognitions_per_s: r1(perS),
          recognitions_per_s_whole_run: r1(wholeRunPerS),
          lag_ms: lagSummary,
          lag_uncounted: uncounted,
          aggregate_lag_ms_in_database: dbLagSummary,
          cpu_during_run: cpuDuringRun,
          reads: { rate_per_s: READ_RATE, p50_ms: readResult.p50_ms, p95_ms: readResult.p95_ms, p99_ms: readResult.p99_ms, errors: readResult.errors },
          national_recognised_before: before.recognised,
          national_recognised_after: after.recognised,
          coverage_verify_s: r1(verifyMs / 1000),
          outage_to_drained_ms: outageToDrainedMs,
        },
        baseline: { name: 'none', description: 'a lag and a consistency check: no baseline; the recognition rate is the partner\'s allowance' },
        targets,
        verification: {
          passed: verifyError === null && moved === recognitions.length,
          checked: 2,
          failed: (verifyError ? 1 : 0) + (moved === recognitions.length ? 0 : 1),
          method: 'coverage:verify after the load (every resident, counter and daily series recounted from the base tables); the national figure moved by exactly the number of certificates recognised during the run',
          examples: [],
          failures: verifyError ? [verifyError] : [],
        },
        inputs: { backlog: backlog.length, partner_rps: PARTNER_RPS, worker_concurrency: WORKER_CONCURRENCY, run_s: RUN_S, read_rate_per_s: READ_RATE, poll_ms: POLL_MS },
        method: {
          rate: `steady: recognitions from ${RAMP_S} s after the first one to the last, over that time (the whole run's beside it); ` + `the seed's pending certificates through the worker (${WORKER_CONCURRENCY} concurrent jobs, VNEID_CLIENT_RPS) and the partner mock (rateLimitRps, 20 ms latency)`,
          lag: 'recognised_at (start of the worker\'s transaction) to the end of the first national answer counting it; answers every 250 ms',
          aggregate_lag_in_database: 'outbox_events.published_at - created_at of certificates.residents_changed (both transaction start times)',
          reads: 'coverage-read mix, open loop, latency from the scheduled send time',
        },
        summary: [
          `recognitions: ${recognitions.length} in ${r1(activeS)} s = ${r1(wholeRunPerS)}/s; steady (after the first ${RAMP_S} s) ${r1(perS)}/s (partner allowance ${PARTNER_RPS} requests/s)`,
          `lag to the national figure: p50 ${lagSummary.p50_ms} ms, p95 ${lagSummary.p95_ms} ms, p99 ${lagSummary.p99_ms} ms, max ${lagSummary.max_ms} ms (${uncounted} never counted)`,
          `aggregates in the database: p50 ${dbLagSummary.p50_ms} ms, p95 ${dbLagSummary.p95_ms} ms after the recognition`,
          `officers' reads at ${READ_RATE}/s meanwhile: p50 ${readResult.p50_ms} ms, p95 ${readResult.p95_ms} ms, ${readResult.errors} errors`,
          `national recognised certificates: ${before.recognised} -> ${after.recognised}`,
          `coverage:verify: ${verifyError ?? `no difference (${r1(verifyMs / 1000)} s)`}`,
        ],
        runs: [{ series: series.map((s) => ({ at: new Date(s.receivedAt).toISOString(), recognised: s.recognised, certified: s.certified })) }],
      };
    } finally {
      await db.end();
    }
  },
};
