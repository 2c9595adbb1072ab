import type { SeededDatabaseNeed } from './coverage-data';
import type { HttpLoad } from './load';
import type { BenchSettings } from './settings';
import type { RunningSystem, ServiceName } from './system';

/** Which reference a scenario is compared with (see bench/lib/baselines.ts). */
export type BaselineName = 'http-hello-world' | 'pg-residents-page' | 'pg-coverage-reads' | 'pg-marks-insert-direct' | 'pg-marks-insert' | 'pg-quiz-submit-direct' | 'pg-residents-page-direct';

/** Pass/fail thresholds of a scenario. */
export interface Targets {
  /** ops/s of the scenario divided by ops/s of the baseline, at the same concurrency and duration. */
  minRatio: number;
  /**
   * The tail at a fixed rate (issue #15): the open-loop run at half the scenario's own saturated
   * throughput must have p95 <= this many times its own p50 (3 for every scenario).
   */
  maxTailP95OverP50: number;
  /** Where an issue states an absolute bound too: the open-loop p95, ms (strictly below). */
  maxTailP95Ms?: number;
  /** Errors allowed during the measured run (connection errors, timeouts, non-2xx). */
  maxErrors: number;
  /**
   * A floor on the scenario's throughput in the unit its requests carry (median ops/s of the rounds x
   * `perOp`), e.g. attendance marks: 100 per batch, at least 5,000 marks/s.
   */
  minThroughput?: { unit: string; perOp: number; min: number };
}

export interface ScenarioContext {
  settings: BenchSettings;
  system: RunningSystem;
  connections: number;
  /** Seeded: the same BENCH_SEED sends the same requests. */
  rng: () => number;
}

/** Result of checking, after the load, that the scenario's answers were right. */
export interface Verification {
  passed: boolean;
  checked: number;
  failed: number;
  /** What was checked, in one sentence. */
  method: string;
  /** A few passing examples and every failure (capped), for the JSON. */
  examples: unknown[];
  failures: unknown[];
}

export interface PreparedScenario {
  load: HttpLoad;
  /**
   * The requests to send to a baseline whose inputs come from the scenario (e.g. the same pages as the
   * api is asked for, drawn in advance): replaces that baseline's own default request.
   */
  baselineRequests?: Partial<Record<BaselineName, { description: string; next: HttpLoad['next'] }>>;
  /** Facts about the generated inputs, stored in the result (pool size, distinct queries, ...). */
  inputs: Record<string, unknown>;
  verify(): Promise<Verification>;
}

/**
 * One benchmark scenario (bench/scenarios/<name>.ts). The harness starts a fresh system with
 * `services`, measures `baseline` then the scenario with the same connections and duration,
 * calls `verify`, and compares with `targets`.
 */
export interface ScenarioDefinition {
  name: string;
  title: string;
  /** What is measured, for the output and docs/benchmarks.md. */
  measures: string;
  services: ServiceName[];
  /** The baseline the `minRatio` target is checked against; loaded right before the scenario in every round. */
  baseline: BaselineName;
  /**
   * More baselines measured in every round (before the main one) and reported as `ratio_vs_<key>`,
   * without a target (e.g. the bare hello-world next to a database-read baseline).
   */
  extraBaselines?: BaselineName[];
  connections: number;
  targets: Targets;
  /**
   * Which database the run uses: a fresh one (dropped, `cli setup`: the default), or the coverage
   * scenarios' seeded one (`npm run bench:seed`, kept between runs), with at least `minResidents`.
   */
  database?: SeededDatabaseNeed;
  /** Seconds prepare() may take (seeding, logins…), added to the run's time limit; default 0 (within its slack). */
  prepareBudgetS?: number;
  /**
   * Refuses settings the scenario cannot honour before anything starts (message, or null when fine):
   * e.g. a run whose load would outlive the access tokens it logs in for.
   */
  checkSettings?(settings: BenchSettings): string | null;
  prepare(ctx: ScenarioContext): Promise<PreparedScenario>;
}
