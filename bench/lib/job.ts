/**
 * Job scenarios: one piece of work measured end to end (e.g. a 100,000-row file import), rather than a
 * stream of requests under autocannon. The harness is the same as for load scenarios where it can be:
 * fresh bench database (`cli setup`), services started with production defaults and the run's own keys,
 * a baseline measured in the same run on the same machine, verification, a result JSON in
 * bench/results/<scenario>.json (or .diagnostic.json) and a summary ending with ALL TARGETS MET or
 * TARGETS MISSED. The scenario's `run()` does the work, its baseline and its checks.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { seededRunSettings, type SeededDatabaseNeed } from './coverage-data';
import { guardRun } from './guard';
import { log, stopAll, type StopOutcome } from './processes';
import { machineInfo, reportHeading, type TargetCheck } from './report';
import { readSettings, REPO_ROOT, RESULTS_DIR, readOrReport, type BenchSettings } from './settings';
import { newSystem, setupDatabase, startServices, stopSystem, type RunningSystem, type ServiceName } from './system';
import { createRng } from './text';
import type { Verification } from './types';

export interface JobContext {
  settings: BenchSettings;
  system: RunningSystem;
  /** Seeded: the same BENCH_SEED generates the same inputs. */
  rng: () => number;
}

export interface JobResult {
  /** Headline figures (flat), written at the top of the JSON. */
  figures: Record<string, unknown>;
  /** The baseline: name, description and its figures. */
  baseline: Record<string, unknown>;
  targets: TargetCheck[];
  verification: Verification;
  inputs: Record<string, unknown>;
  /** How each figure is obtained, for the JSON. */
  method: Record<string, string>;
  /** Lines of the printed summary (before the targets). */
  summary: string[];
  /** Every measured pass in detail (e.g. first upload, re-upload, baseline runs). */
  runs: unknown[];
}

export interface JobScenarioDefinition {
  name: string;
  title: string;
  measures: string;
  services: ServiceName[];
  /** The database: a fresh one (default), or the seeded coverage database (see ScenarioDefinition.database). */
  database?: SeededDatabaseNeed;
  /** Upper bound of run() in seconds (the watchdog adds setup, start-up and shutdown to it). */
  budgetS: number;
  run(ctx: JobContext): Promise<JobResult>;
}

const rel = (p: string) => relative(REPO_ROOT, p);

/** Resident set size figures of a process from /proc/<pid>/status, in MiB (Linux). */
export function processMemory(pid: number): { rssMb: number; hwmMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat (Linux). */
export function processCpuS(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return null;
  }
}

async function runJob(scenario: JobScenarioDefinition, settings: BenchSettings, state: { system?: RunningSystem }): Promise<void> {
  const diagnostic = Object.keys(settings.diagnosticApiEnv).length > 0;
  const stem = diagnostic ? `${scenario.name}.diagnostic` : scenario.name;
  const logPrefix = join(RESULTS_DIR, stem);
  const resultFile = join(RESULTS_DIR, `${stem}.json`);
  const date = new Date().toISOString();
  const machine = machineInfo();
  log(`scenario ${scenario.name}: ${scenario.title}`);
  if (diagnostic) log(`*** DIAGNOSTIC RUN: api env overrides ${JSON.stringify(settings.diagnosticApiEnv)} — not a production-settings figure ***`);

  let seed: Awaited<ReturnType<typeof seededRunSettings>>['seed'] | undefined;
  if (scenario.database) ({ settings, seed } = await seededRunSettings(settings, scenario.database));
  const system = newSystem(settings, settings.diagnosticApiEnv);
  state.system = system;
  if (!scenario.database) await setupDatabase(settings, system, { logPrefix });
  await startServices(settings, system, { services: scenario.services, logPrefix });
  const result = await scenario.run({ settings, system, rng: createRng(settings.seed) });
  const stopped: StopOutcome[] = await stopSystem(system);
  state.system = undefined;

  const checks = [
    ...result.targets,
    {
      name: 'verification',
      target: 'all checks correct',
      actual: `${result.verification.checked - result.verification.failed}/${result.verification.checked}`,
      passed: result.verification.passed,
    },
  ];
  const targetsMet = checks.every((c) => c.passed);
  const report = {
    ...reportHeading(scenario, settings.diagnosticApiEnv, date),
    seed: settings.seed,
    ...result.figures,
    baseline: result.baseline,
    targets: checks,
    targets_met: targetsMet,
    target: {
      services: scenario.services,
      api_settings: {
        LOG_REQUESTS: settings.diagnosticApiEnv.LOG_REQUESTS ?? 'true (default)',
        LOG_LEVEL: settings.diagnosticApiEnv.LOG_LEVEL ?? 'info (default)',
        NODE_ENV: 'production',
      },
    },
    runs: result.runs,
    inputs: seed ? { ...result.inputs, seeded_database: seed } : result.inputs,
    verification: result.verification,
    method: result.method,
    system: {
      setup_s: Math.round(system.setupMs / 100) / 10,
      services_ready_s: Object.fromEntries(Object.values(system.services).map((s) => [s.name, Math.round(s.readyMs / 100) / 10])),
      stopped,
      logs: [`${rel(logPrefix)}.setup.log`, ...scenario.services.map((s) => `${rel(logPrefix)}.${s}.log`)],
    },
  };
  writeFileSync(resultFile, `${JSON.stringify(report, null, 2)}\n`);

  const line = '='.repeat(100);
  const out = ['', line, `${scenario.name}${diagnostic ? '   *** DIAGNOSTIC RUN (non-production api settings) ***' : ''}`];
  out.push(`${machine.cpu_count} x ${machine.cpu_model}, ${machine.total_memory}, node ${machine.node}`, '');
  out.push(...result.summary, '');
  out.push(`verification: ${result.verification.checked - result.verification.failed}/${result.verification.checked} checks correct`);
  for (const c of checks) out.push(`  ${c.passed ? 'ok  ' : 'MISS'} ${c.name}: ${c.actual} (target ${c.target})`);
  out.push('', `result: ${rel(resultFile)}`);
  const missed = checks.filter((c) => !c.passed).map((c) => c.name);
  out.push(missed.length ? `*** TARGETS MISSED: ${missed.join(', ')} ***` : 'ALL TARGETS MET', line, '');
  process.stdout.write(out.join('\n'));
}

/**
 * Runs a job scenario the way bench/run.ts runs a load scenario (settings, signals, watchdog, cleanup)
 * and returns the exit code: 0 when the run completed (targets met or not), 2 for bad settings, 1 when
 * it could not complete.
 */
export async function runJobScenario(scenario: JobScenarioDefinition): Promise<number> {
  const settings = readOrReport(readSettings);
  if (!settings) return 2;
  const state: { system?: RunningSystem } = {};
  // setup 240 + services 60 + the scenario's own bound + shutdown 60
  const watchdog = guardRun(state, 240 + 60 * scenario.services.length + scenario.budgetS + 60);
  try {
    await runJob(scenario, settings, state);
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
