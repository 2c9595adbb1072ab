/**
 * Benchmark harness: `npm run bench -- <scenario>`.
 *
 * Runs one scenario against a freshly started system and writes bench/results/<scenario>.json:
 *   1. drop + recreate the bench database, `cli setup` (migrations, reference + demo data);
 *   2. start the baseline (e.g. a bare Fastify hello-world in its own process) and the scenario's
 *      services (api...) on free loopback ports with a unique REDIS_PREFIX and production defaults
 *      (request logging ON); both stay up, idle while the other one is loaded;
 *   3. BENCH_ROUNDS alternating rounds: load the baseline for BENCH_DURATION s, then the scenario for
 *      BENCH_DURATION s, same connections (each server warmed up before its first measured run only);
 *   4. verification of the answers, stop everything (SIGTERM, then SIGKILL), summary + JSON with every
 *      round and, as headline figures, the medians across rounds (errors: the sum).
 * Exit code: 0 when the run completed (targets met or not: the output says which), 2 for an unknown
 * scenario or bad settings, 1 when the run could not complete.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { baselineFixedRate, startBaseline, stopBaseline, type RunningBaseline } from './lib/baselines';
import { guardRun } from './lib/guard';
import { runJobScenario } from './lib/job';
import { log, stopAll, type StopOutcome } from './lib/processes';
import { checkTargets, machineInfo, printSummary, reportHeading } from './lib/report';
import { median, runRounds, summariseRounds } from './lib/rounds';
import { runFixedRate } from './lib/load';
import { seededRunSettings } from './lib/coverage-data';
import { databaseName, DIST_ROOT, readSettings, REPO_ROOT, RESULTS_DIR, readOrReport, type BenchSettings } from './lib/settings';
import { newSystem, setupDatabase, startServices, stopSystem, type RunningSystem } from './lib/system';
import { summaryMarkdown, summaryRow, type SummaryRow } from './lib/summary';
import { createRng } from './lib/text';
import type { ScenarioDefinition } from './lib/types';
import { findJobScenario, findScenario, JOB_SCENARIOS, SCENARIOS } from './scenarios';

function usage(): string {
  const lines = [...SCENARIOS, ...JOB_SCENARIOS].map((s) => `  ${s.name.padEnd(18)} ${s.title}`);
  return [
    'usage: npm run bench -- <scenario> | --all   (--all: every scenario in turn, then bench/results/summary.md and summary.json)',
    '',
    'known scenarios:',
    ...lines,
    '',
    'environment: BENCH_ROUNDS (alternating baseline/scenario rounds, default 3, 1..20),',
    '             BENCH_DURATION (s per measured run, default 10), BENCH_WARMUP (s before each server\'s first run, default 3),',
    '             BENCH_CONNECTIONS (default: the scenario\'s), BENCH_SEED (default 42),',
    '             BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/hocvuso_bench),',
    '             BENCH_REDIS_URL (default redis://127.0.0.1:6379),',
    '             BENCH_DIAGNOSTIC_API_ENV="LOG_REQUESTS=false,..." (diagnostic only: written to <scenario>.diagnostic.json)',
  ].join('\n');
}

const rel = (p: string) => relative(REPO_ROOT, p);
const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;

/** What the run has started and must stop, whatever way it ends. */
interface RunState {
  system?: RunningSystem;
  baselines: RunningBaseline[];
}

/**
 * Hard limit for the whole run (s): the sum of every step's own bound: setup 240, each baseline's and
 * the services' readiness 15 + 60, the scenario's own preparation (ScenarioDefinition.prepareBudgetS,
 * 0 by default), each load run (warm-ups and open-loop runs included) its duration + 20, verification and shutdown 120.
 */
function runBudgetS(s: BenchSettings, scenario: ScenarioDefinition): number {
  const loadRun = (durationS: number) => durationS + 20;
  const servers = 2 + (scenario.extraBaselines?.length ?? 0);
  const warmups = s.warmupS > 0 ? servers * loadRun(s.warmupS) : 0;
  const tail = 2 * loadRun(s.durationS);
  return 240 + 15 * (servers - 1) + 60 + (scenario.prepareBudgetS ?? 0) + warmups + servers * s.rounds * loadRun(s.durationS) + tail + 120;
}

async function runScenario(scenario: ScenarioDefinition, runSettings: BenchSettings, state: RunState): Promise<void> {
  let settings = runSettings;
  let seedInfo: Awaited<ReturnType<typeof seededRunSettings>>['seed'] | undefined;
  const diagnostic = Object.keys(settings.diagnosticApiEnv).length > 0;
  const stem = diagnostic ? `${scenario.name}.diagnostic` : scenario.name;
  const logPrefix = join(RESULTS_DIR, stem);
  const resultFile = join(RESULTS_DIR, `${stem}.json`);
  const connections = settings.connections ?? scenario.connections;
  const { rounds: roundCount, durationS, warmupS } = settings;
  const date = new Date().toISOString();
  const machine = machineInfo();

  for (const s of scenario.services) {
    const entry = join(DIST_ROOT, s === 'api' ? 'apps/api/src/main.js' : 'apps/worker/src/main.js');
    if (!existsSync(entry)) throw new Error(`${rel(entry)} not found: run \`npm run build\` first (npm run bench does it)`);
  }

  log(`scenario ${scenario.name}: ${scenario.title}`);
  log(
    `${connections} connections; ${roundCount} alternating round(s) of baseline ${durationS}s then ${scenario.name} ${durationS}s ` +
      `(${2 * roundCount * durationS}s measured in all); warm-up ${warmupS}s before each server's first measured run`,
  );
  if (diagnostic) log(`*** DIAGNOSTIC RUN: api env overrides ${JSON.stringify(settings.diagnosticApiEnv)} — not a production-settings figure ***`);

  if (scenario.database) {
    // the seeded coverage database, kept between runs: its keys become the services' keys
    ({ settings, seed: seedInfo } = await seededRunSettings(settings, scenario.database));
  }
  const system = newSystem(settings, settings.diagnosticApiEnv);
  state.system = system;
  if (!scenario.database) await setupDatabase(settings, system, { logPrefix });

  const baselineOptions = { logPrefix, databaseUrl: settings.databaseUrl };
  const baseline = await startBaseline(scenario.baseline, baselineOptions);
  state.baselines.push(baseline);
  const others: RunningBaseline[] = [];
  for (const name of scenario.extraBaselines ?? []) {
    const other = await startBaseline(name, { ...baselineOptions, ownLog: true });
    state.baselines.push(other);
    others.push(other);
  }
  await startServices(settings, system, { services: scenario.services, logPrefix });
  const prepared = await scenario.prepare({ settings, system, connections, rng: createRng(settings.seed) });
  const server = system.services[scenario.services[0]]?.process;
  if (!server) throw new Error(`${scenario.name}: service ${scenario.services[0]} did not start`);
  for (const b of state.baselines) {
    const requests = prepared.baselineRequests?.[b.name];
    if (requests) b.load = { ...b.load, ...requests };
  }

  const rounds = await runRounds({
    rounds: roundCount,
    connections,
    durationS,
    warmupS,
    baseline,
    others,
    target: { label: scenario.name, load: prepared.load, server },
    dbName: databaseName(settings.databaseUrl),
  });

  // the tail, open loop at half the scenario's own saturated throughput: the scenario, then the baseline at the same rate
  const saturated = median(rounds.map((r) => r.ops_per_s)) ?? 0;
  const rate = Math.max(1, Math.round(saturated / 2));
  const dbName = databaseName(settings.databaseUrl);
  log(`open loop: ${scenario.name} at ${rate} req/s for ${durationS}s (half its median saturated ${saturated} ops/s)…`);
  const tailTarget = await runFixedRate(prepared.load, { ratePerS: rate, durationS, serverPid: server.child.pid, dbName });
  log(`open loop: ${scenario.name} p50 ${tailTarget.p50_ms} ms, p95 ${tailTarget.p95_ms} ms, p99 ${tailTarget.p99_ms} ms, ${tailTarget.errors} errors`);
  log(`open loop: baseline ${baseline.name} at ${rate} req/s for ${durationS}s…`);
  const tailBaseline = await baselineFixedRate(baseline, { ratePerS: rate, durationS, dbName });
  log(`open loop: baseline p50 ${tailBaseline.p50_ms} ms, p95 ${tailBaseline.p95_ms} ms, p99 ${tailBaseline.p99_ms} ms, ${tailBaseline.errors} errors`);
  const tail = { target: tailTarget, baseline: tailBaseline };

  const baselineStops: StopOutcome[] = [];
  for (const b of [...state.baselines]) {
    const stop = await stopBaseline(b);
    state.baselines = state.baselines.filter((x) => x !== b);
    baselineStops.push(stop);
    log(`baseline ${b.name} stopped${stop.forced ? ' (KILLED after SIGTERM timeout)' : ''}: ${stop.signal ?? `exit code ${stop.code}`}`);
  }

  log('verifying responses…');
  const verification = await prepared.verify();
  log(`verification: ${verification.checked - verification.failed}/${verification.checked} correct`);

  const stopOutcomes = [...baselineStops, ...(await stopSystem(system))];
  state.system = undefined;

  const summary = summariseRounds(rounds);
  const checks = checkTargets(scenario.targets, summary, verification, tail.target);
  const targetsMet = checks.every((c) => c.passed);
  // ratio of the scenario to every baseline of the run, by short name: ratio_vs_hello, ratio_vs_pg_baseline…
  const ratiosVs: Record<string, number> = { [`ratio_vs_${baseline.key}`]: summary.ratio };
  for (const o of summary.others) ratiosVs[`ratio_vs_${o.key}`] = o.ratio;
  const report = {
    ...reportHeading(scenario, settings.diagnosticApiEnv, date),
    connections,
    duration_s: durationS,
    warmup_s: warmupS,
    round_count: roundCount,
    seed: settings.seed,
    aggregation: 'headline figures are medians across rounds (ratio = median of the per-round ratios); errors are summed over all rounds',
    ops_per_s: summary.target.ops_per_s,
    p50_ms: tail.target.p50_ms,
    p95_ms: tail.target.p95_ms,
    p99_ms: tail.target.p99_ms,
    errors: summary.target.errors + tail.target.errors,
    latency_basis: 'p50/p95/p99 of the open-loop run at half the saturated rate (fixed_rate); the saturated rounds\' are in target',
    fixed_rate: { rate_per_s: tail.target.offered_rate_per_s, duration_s: durationS, target: tail.target, baseline: tail.baseline },
    server_cpu_ms_per_op: summary.target.server_cpu_ms_per_op,
    db_cpu_ms_per_op: summary.target.db_cpu_ms_per_op,
    baseline: { name: baseline.name, description: baseline.description, request: baseline.load.description, ...summary.baseline },
    baseline_ops_per_s: summary.baseline.ops_per_s,
    baseline_server_cpu_ms_per_op: summary.baseline.server_cpu_ms_per_op,
    baseline_db_cpu_ms_per_op: summary.baseline.db_cpu_ms_per_op,
    ratio: summary.ratio,
    ...ratiosVs,
    cpu_per_op_ratio: summary.cpu_per_op_ratio,
    ...(others.length
      ? {
          other_baselines: summary.others.map((o) => {
            const b = others.find((x) => x.key === o.key);
            return { name: o.name, description: b?.description, request: b?.load.description, ...o.summary, ratio: o.ratio };
          }),
        }
      : {}),
    targets: checks,
    targets_met: targetsMet,
    machine_busy_warning: summary.machine_busy_warning,
    target: {
      request: prepared.load.description,
      services: scenario.services,
      api_settings: {
        LOG_REQUESTS: settings.diagnosticApiEnv.LOG_REQUESTS ?? 'true (default)',
        LOG_LEVEL: settings.diagnosticApiEnv.LOG_LEVEL ?? 'info (default)',
        NODE_ENV: 'production',
      },
      ...summary.target,
    },
    rounds,
    inputs: seedInfo ? { ...prepared.inputs, seeded_database: seedInfo } : prepared.inputs,
    verification,
    method: {
      load_generator: 'autocannon (programmatic API) in the bench process, keep-alive, pipelining 1, 10 s request timeout',
      order: others.length
        ? `baseline servers (${[...others, baseline].map((b) => b.name).join(', ')}) and scenario services started once and kept up; ` +
          `${roundCount} alternating round(s), each: ${others.map((b) => `${b.name} ${durationS}s, `).join('')}${baseline.name} ${durationS}s ` +
          `then scenario ${durationS}s, same connections; each server warmed up (${warmupS}s, unrecorded) before its first measured run only`
        : `baseline server and scenario services started once and kept up; ${roundCount} alternating round(s), each: baseline ` +
          `${durationS}s then scenario ${durationS}s, same connections; each server warmed up (${warmupS}s, unrecorded) before its first measured run only`,
      aggregation: 'ops/s, latency percentiles, CPU/op and ratio: median across rounds (even count: mean of the two middle values); errors: sum',
      latency: 'per-response latency recorded by the harness (fractional ms), nearest-rank percentiles per run',
      ops_per_s: '2xx responses / measured seconds',
      errors: 'connection errors + timeouts + non-2xx responses + body mismatches',
      cpu:
        'server process utime+stime (/proc/<pid>/stat) during the measured run / 2xx responses; database: the PostgreSQL backends ' +
        'connected to the bench database (found by process title); other processes: the rest of /proc/stat',
    },
    system: {
      setup_s: round(system.setupMs / 1000, 1),
      services_ready_s: Object.fromEntries(Object.values(system.services).map((s) => [s.name, round(s.readyMs / 1000, 1)])),
      stopped: stopOutcomes,
      logs: [
        `${rel(logPrefix)}.setup.log`,
        `${rel(logPrefix)}.baseline.log`,
        ...others.map((b) => `${rel(logPrefix)}.baseline.${b.key}.log`),
        ...scenario.services.map((s) => `${rel(logPrefix)}.${s}.log`),
      ],
    },
  };
  writeFileSync(resultFile, `${JSON.stringify(report, null, 2)}\n`);
  printSummary({
    scenario: scenario.name,
    diagnostic,
    machine,
    connections,
    durationS,
    warmupS,
    baselineName: baseline.name,
    baselineKey: baseline.key,
    rounds,
    summary,
    checks,
    resultFile: rel(resultFile),
    tail,
  });
}

/**
 * `--all`: every scenario in turn, each in its own process (`node dist/bench/run.js <name>`: its own
 * system, database and watchdog, as when run alone), then the summary table of this run's results.
 */
async function runAll(): Promise<number> {
  const since = new Date();
  const started = Date.now();
  const plan = [...SCENARIOS.map((s) => ({ name: s.name, kind: 'load' as const })), ...JOB_SCENARIOS.map((s) => ({ name: s.name, kind: 'job' as const }))];
  const rows: SummaryRow[] = [];
  for (const [i, s] of plan.entries()) {
    log(`--all: ${i + 1}/${plan.length} ${s.name}`);
    const code = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['--enable-source-maps', join(DIST_ROOT, 'bench/run.js'), s.name], { stdio: 'inherit', env: process.env });
      child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
    });
    rows.push(summaryRow(s.name, s.kind, since, code === 0 ? null : `did not complete (exit code ${code}: see its output)`));
  }
  const machine = machineInfo();
  const wallS = (Date.now() - started) / 1000;
  const markdown = summaryMarkdown(rows, machine, since.toISOString(), wallS);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'summary.md'), markdown);
  writeFileSync(join(RESULTS_DIR, 'summary.json'), `${JSON.stringify({ date: since.toISOString(), wall_s: Math.round(wallS), machine, rows }, null, 2)}\n`);
  process.stdout.write(`\n${markdown}\nsummary: ${rel(join(RESULTS_DIR, 'summary.md'))}, ${rel(join(RESULTS_DIR, 'summary.json'))}\n`);
  return 0;
}

async function main(): Promise<number> {
  const name = process.argv[2];
  if (name === '--all') return runAll();
  const job = name ? findJobScenario(name) : undefined;
  if (job) return runJobScenario(job);
  const scenario = name ? findScenario(name) : undefined;
  if (!scenario) {
    process.stderr.write(`${name ? `unknown scenario "${name}"\n\n` : ''}${usage()}\n`);
    return 2;
  }
  const settings = readOrReport(readSettings);
  if (!settings) return 2;
  const refusal = scenario.checkSettings?.(settings);
  if (refusal) {
    process.stderr.write(`${scenario.name}: ${refusal}\n`);
    return 2;
  }
  mkdirSync(RESULTS_DIR, { recursive: true });

  // Whatever happens, children do not outlive the benchmark.
  const state: RunState = { baselines: [] };
  const watchdog = guardRun(state, runBudgetS(settings, scenario));

  try {
    await runScenario(scenario, settings, state);
    return 0;
  } catch (err) {
    process.stderr.write(`[bench] FAILED: ${String((err as Error)?.stack ?? err)}\n`);
    return 1;
  } finally {
    clearTimeout(watchdog);
    for (const b of state.baselines) await stopBaseline(b).catch(() => undefined);
    if (state.system) await stopSystem(state.system).catch(() => undefined);
    await stopAll(5000);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`[bench] ${String((err as Error)?.stack ?? err)}\n`);
    process.exit(1);
  },
);
