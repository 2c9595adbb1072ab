import { join } from 'node:path';

/** Repository root, from dist/bench/lib/*.js (compiled) or bench/lib/*.ts (ts-node style runs). */
export const REPO_ROOT = __dirname.includes(`${join('dist', 'bench')}`)
  ? join(__dirname, '..', '..', '..')
  : join(__dirname, '..', '..');
/** Compiled output (`npm run build`): dist/apps/..., dist/bench/... */
export const DIST_ROOT = join(REPO_ROOT, 'dist');
export const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Everything a run can be tuned with, read once from the environment. */
export interface BenchSettings {
  /** Measured seconds per load run (baseline and target each, in every round): BENCH_DURATION, default 10. */
  durationS: number;
  /**
   * Alternating rounds (baseline run, then target run) against the same two running servers:
   * BENCH_ROUNDS, default 3. The headline figures are the medians across rounds.
   */
  rounds: number;
  /** Seconds of unrecorded load before the first measured run of each server (round 1 only): BENCH_WARMUP, default 3. */
  warmupS: number;
  /** Overrides the scenario's concurrency (BENCH_CONNECTIONS); unset = the scenario's own. */
  connections?: number;
  /** Fresh database for the run; its name must contain "bench" since it is dropped. */
  databaseUrl: string;
  /**
   * The coverage scenarios' database, seeded once by `npm run bench:seed` and reused by every run
   * (BENCH_COVERAGE_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/hocvuso_bench_coverage).
   */
  coverageDatabaseUrl: string;
  redisUrl: string;
  /** Seed of the random inputs, so two runs send the same requests: BENCH_SEED, default 42. */
  seed: number;
  /**
   * Extra api environment for DIAGNOSTIC runs only (BENCH_DIAGNOSTIC_API_ENV="LOG_REQUESTS=false,...").
   * When set, the result is written to <scenario>.diagnostic.json and labelled as such.
   */
  diagnosticApiEnv: Record<string, string>;
}

export class SettingsError extends Error {}

/** Reads settings (or arguments) with `read`; bad ones are written to stderr and give undefined (the caller exits with 2). */
export function readOrReport<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (err) {
    if (err instanceof SettingsError) {
      process.stderr.write(`${err.message}\n`);
      return undefined;
    }
    throw err;
  }
}

function intFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new SettingsError(`${name} must be a whole number (got "${raw}")`);
  const value = Number(raw.trim());
  if (value < min || value > max) throw new SettingsError(`${name} must be between ${min} and ${max} (got ${value})`);
  return value;
}

/** Refuses anything but a loopback address: the benchmark never talks to another machine. */
export function assertLoopback(name: string, url: string): void {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    throw new SettingsError(`${name} is not a valid URL: ${url}`);
  }
  if (!LOOPBACK_HOSTS.has(host)) throw new SettingsError(`${name} must point at a loopback address (got ${host})`);
}

/** The database name of a connection URL. */
export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

export function readSettings(): BenchSettings {
  const databaseUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/hocvuso_bench';
  const redisUrl = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
  const coverageDatabaseUrl = process.env.BENCH_COVERAGE_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/hocvuso_bench_coverage';
  assertLoopback('BENCH_DATABASE_URL', databaseUrl);
  assertLoopback('BENCH_COVERAGE_DATABASE_URL', coverageDatabaseUrl);
  assertLoopback('BENCH_REDIS_URL', redisUrl);
  for (const [name, url] of [['BENCH_DATABASE_URL', databaseUrl], ['BENCH_COVERAGE_DATABASE_URL', coverageDatabaseUrl]]) {
    const dbName = databaseName(url);
    if (!/bench/i.test(dbName)) {
      throw new SettingsError(`${name}: the database is dropped by the benchmark, so its name must contain "bench" (got "${dbName}")`);
    }
  }
  if (databaseName(databaseUrl) === databaseName(coverageDatabaseUrl)) {
    throw new SettingsError('BENCH_COVERAGE_DATABASE_URL must name another database than BENCH_DATABASE_URL (that one is dropped at every run)');
  }

  const diagnosticApiEnv: Record<string, string> = {};
  const rawDiag = process.env.BENCH_DIAGNOSTIC_API_ENV?.trim();
  if (rawDiag) {
    for (const pair of rawDiag.split(',')) {
      const m = /^\s*([A-Z][A-Z0-9_]*)=(.*)$/.exec(pair);
      if (!m) throw new SettingsError(`BENCH_DIAGNOSTIC_API_ENV: expected KEY=value[,KEY=value] (got "${pair}")`);
      diagnosticApiEnv[m[1]] = m[2].trim();
    }
  }

  const connectionsRaw = process.env.BENCH_CONNECTIONS;
  return {
    durationS: intFromEnv('BENCH_DURATION', 10, 1, 600),
    rounds: intFromEnv('BENCH_ROUNDS', 3, 1, 20),
    warmupS: intFromEnv('BENCH_WARMUP', 3, 0, 60),
    connections: connectionsRaw ? intFromEnv('BENCH_CONNECTIONS', 50, 1, 1000) : undefined,
    databaseUrl,
    coverageDatabaseUrl,
    redisUrl,
    seed: intFromEnv('BENCH_SEED', 42, 0, 2 ** 31 - 1),
    diagnosticApiEnv,
  };
}
