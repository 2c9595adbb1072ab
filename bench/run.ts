/**
 * Benchmark harness: `npm run bench -- <scenario>`.
 *
 * Runs one scenario against a freshly started system and writes bench/results/<scenario>.json:
 *   1. drop + recreate the bench database, `cli setup` (migrations, reference + demo data);
 *   2. baseline (e.g. a bare Fastify hello-world in its own process): warm-up, then measured run;
 *   3. the scenario's services (api...) on free loopback ports with a unique REDIS_PREFIX, production
 *      defaults (request logging ON), warm-up, then measured run with the same connections and duration;
 *   4. verification of the answers, stop everything (SIGTERM, then SIGKILL), summary + JSON.
 * Exit code: 0 when the run completed (targets met or not: the output says which), 2 for an unknown
 * scenario or bad settings, 1 when the run could not complete.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { measureBaseline } from './lib/baselines';
import { runLoad } from './lib/load';
import { killAllNow, log, stopAll } from './lib/processes';
import { busyWarning, checkTargets, machineInfo, printSummary } from './lib/report';
import { DIST_ROOT, readSettings, REPO_ROOT, RESULTS_DIR, SettingsError, type BenchSettings } from './lib/settings';
import { deleteRedisPrefix, newSystem, setupDatabase, startServices, stopSystem, type RunningSystem } from './lib/system';
import { createRng } from './lib/text';
import type { ScenarioDefinition } from './lib/types';
import { findScenario, SCENARIOS } from './scenarios';

function usage(): string {
  const lines = SCENARIOS.map((s) => `  ${s.name.padEnd(18)} ${s.title}`);
  return [
    'usage: npm run bench -- <scenario>',
    '',
    'known scenarios:',
    ...lines,
    '',
    'environment: BENCH_DURATION (s, default 10), BENCH_WARMUP (s, default 3), BENCH_CONNECTIONS (default: the scenario\'s),',
    '             BENCH_SEED (default 42), BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/hocvuso_bench),',
    '             BENCH_REDIS_URL (default redis://127.0.0.1:6379),',
    '             BENCH_DIAGNOSTIC_API_ENV="LOG_REQUESTS=false,..." (diagnostic only: written to <scenario>.diagnostic.json)',
  ].join('\n');
}

const rel = (p: string) => relative(REPO_ROOT, p);
const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;

async function runScenario(scenario: ScenarioDefinition, settings: BenchSettings, state: { system?: RunningSystem }): Promise<void> {
  const diagnostic = Object.keys(settings.diagnosticApiEnv).length > 0;
  const stem = diagnostic ? `${scenario.name}.diagnostic` : scenario.name;
  const logPrefix = join(RESULTS_DIR, stem);
  const resultFile = join(RESULTS_DIR, `${stem}.json`);
  const connections = settings.connections ?? scenario.connections;
  const date = new Date().toISOString();
  const machine = machineInfo();

  for (const s of scenario.services) {
    const entry = join(DIST_ROOT, s === 'api' ? 'apps/api/src/main.js' : 'apps/worker/src/main.js');
    if (!existsSync(entry)) throw new Error(`${rel(entry)} not found: run \`npm run build\` first (npm run bench does it)`);
  }

  log(`scenario ${scenario.name}: ${scenario.title}`);
  log(`${connections} connections, warm-up ${settings.warmupS}s + ${settings.durationS}s measured, baseline then target (sequentially)`);
  if (diagnostic) log(`*** DIAGNOSTIC RUN: api env overrides ${JSON.stringify(settings.diagnosticApiEnv)} — not a production-settings figure ***`);

  const system = newSystem(settings, settings.diagnosticApiEnv);
  state.system = system;
  await setupDatabase(settings, system, { logPrefix });

  const baseline = await measureBaseline(scenario.baseline, {
    connections,
    durationS: settings.durationS,
    warmupS: settings.warmupS,
    logPrefix,
  });
  log(`baseline: ${baseline.result.ops_per_s} ops/s, p95 ${baseline.result.p95_ms} ms, ${baseline.result.errors} errors`);

  await startServices(settings, system, { services: scenario.services, logPrefix });
  const prepared = await scenario.prepare({ settings, system, connections, rng: createRng(settings.seed) });
  if (settings.warmupS > 0) {
    log(`${scenario.name} warm-up ${settings.warmupS}s…`);
    await runLoad(prepared.load, { connections, durationS: settings.warmupS });
  }
  log(`${scenario.name}: ${connections} connections for ${settings.durationS}s…`);
  const serverPid = system.services[scenario.services[0]]?.process.child.pid;
  const target = await runLoad(prepared.load, { connections, durationS: settings.durationS, serverPid });
  log(`${scenario.name}: ${target.ops_per_s} ops/s, p95 ${target.p95_ms} ms, ${target.errors} errors`);

  log('verifying responses…');
  const verification = await prepared.verify();
  log(`verification: ${verification.checked - verification.failed}/${verification.checked} correct`);

  const stopOutcomes = await stopSystem(system);
  state.system = undefined;

  const ratio = baseline.result.ops_per_s > 0 ? round(target.ops_per_s / baseline.result.ops_per_s) : 0;
  const checks = checkTargets(scenario.targets, target, ratio, verification);
  const targetsMet = checks.every((c) => c.passed);
  const report = {
    scenario: scenario.name,
    title: scenario.title,
    measures: scenario.measures,
    diagnostic: diagnostic
      ? { api_env_overrides: settings.diagnosticApiEnv, note: 'DIAGNOSTIC ONLY: the api did not run with its production defaults' }
      : false,
    date,
    machine,
    connections,
    duration_s: settings.durationS,
    warmup_s: settings.warmupS,
    seed: settings.seed,
    ops_per_s: target.ops_per_s,
    p50_ms: target.p50_ms,
    p95_ms: target.p95_ms,
    p99_ms: target.p99_ms,
    errors: target.errors,
    baseline: { name: baseline.name, description: baseline.description, ...baseline.result },
    baseline_ops_per_s: baseline.result.ops_per_s,
    ratio,
    targets: checks,
    targets_met: targetsMet,
    machine_busy_warning: busyWarning(baseline.result, target),
    target: {
      request: prepared.load.description,
      services: scenario.services,
      api_settings: {
        LOG_REQUESTS: settings.diagnosticApiEnv.LOG_REQUESTS ?? 'true (default)',
        LOG_LEVEL: settings.diagnosticApiEnv.LOG_LEVEL ?? 'info (default)',
        NODE_ENV: 'production',
      },
      ...target,
    },
    inputs: prepared.inputs,
    verification,
    method: {
      load_generator: 'autocannon (programmatic API) in the bench process, keep-alive, pipelining 1, 10 s request timeout',
      order: 'baseline then target, sequentially, same connections and duration, each after its own unrecorded warm-up',
      latency: 'per-response latency recorded by the harness (fractional ms), nearest-rank percentiles',
      ops_per_s: '2xx responses / measured seconds',
      errors: 'connection errors + timeouts + non-2xx responses + body mismatches',
    },
    system: {
      setup_s: round(system.setupMs / 1000, 1),
      services_ready_s: Object.fromEntries(Object.values(system.services).map((s) => [s.name, round(s.readyMs / 1000, 1)])),
      stopped: stopOutcomes,
      logs: [
        `${rel(logPrefix)}.setup.log`,
        `${rel(logPrefix)}.baseline.log`,
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
    durationS: settings.durationS,
    baseline,
    target,
    ratio,
    checks,
    resultFile: rel(resultFile),
  });
}

async function main(): Promise<number> {
  const name = process.argv[2];
  const scenario = name ? findScenario(name) : undefined;
  if (!scenario) {
    process.stderr.write(`${name ? `unknown scenario "${name}"\n\n` : ''}${usage()}\n`);
    return 2;
  }
  let settings: BenchSettings;
  try {
    settings = readSettings();
  } catch (err) {
    if (err instanceof SettingsError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  mkdirSync(RESULTS_DIR, { recursive: true });

  // Whatever happens, children do not outlive the benchmark.
  process.on('exit', killAllNow);
  const state: { system?: RunningSystem } = {};
  let interrupted = false;
  const abort = (why: string, code: number) => {
    if (interrupted) return;
    interrupted = true;
    log(`${why}: stopping child processes…`);
    void (async () => {
      await stopAll(5000);
      if (state.system) await deleteRedisPrefix(state.system.redisUrl, state.system.redisPrefix).catch(() => undefined);
    })().finally(() => process.exit(code));
    setTimeout(() => process.exit(code), 8000).unref();
  };
  process.on('SIGINT', () => abort('interrupted (SIGINT)', 130));
  process.on('SIGTERM', () => abort('terminated (SIGTERM)', 143));

  // Hard limit for the whole run: setup, two warm-ups + runs, startup, verification and shutdown.
  const budgetS = 240 + 60 + 2 * (settings.warmupS + settings.durationS + 25) + 120;
  const watchdog = setTimeout(() => abort(`run exceeded its ${budgetS}s time limit`, 1), budgetS * 1000);

  try {
    await runScenario(scenario, settings, state);
    return 0;
  } catch (err) {
    process.stderr.write(`[bench] FAILED: ${String((err as Error)?.stack ?? err)}\n`);
    return 1;
  } finally {
    clearTimeout(watchdog);
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
