/**
 * The coverage scenarios' seeded database (bench/seed.ts writes it, coverage-read and coverage-live
 * use it): what was seeded, and the keys its records are encrypted and signed with.
 *
 * Seeding ten million residents takes a while, so the database is kept between runs (a scenario never
 * drops it). Its description is stored as the database's comment (a JSON object), its keys in
 * bench/results/<database>.keys.json (not committed: they are this machine's secrets).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { log } from './processes';
import { RESULTS_DIR, databaseName, type BenchSettings } from './settings';
import { adoptRunKeys, cliEnv, runCli, runKeys, type RunKeys } from './system';

/** The keys of the records of a seeded database (not committed: `*.keys.json` is ignored). */
export const coverageKeysFile = (databaseUrl: string) => join(RESULTS_DIR, `${databaseName(databaseUrl)}.keys.json`);

/** What a seed wrote and how long it took: bench/results/coverage-seed.json for the default database. */
export const coverageSeedResult = (databaseUrl: string) =>
  databaseName(databaseUrl) === 'hocvuso_bench_coverage' ? join(RESULTS_DIR, 'coverage-seed.json') : join(RESULTS_DIR, `${databaseName(databaseUrl)}.seed.json`);

export interface CoverageSeedInfo {
  residents: number;
  recognised: number;
  seed: number;
  seededAt: string;
  /** The reference day the projection was written for. */
  today: string;
  /** The fingerprint of the keys (not the keys): a scenario refuses a keys file of another seed. */
  keysFingerprint: string;
}

function fingerprint(keys: RunKeys): string {
  // a short digest of the key values, enough to tell two seeds apart
  return createHash('sha256').update(JSON.stringify(keys)).digest('hex').slice(0, 16);
}

/** After a seed: saves this process's keys and describes the database in its comment. */
export async function recordCoverageSeed(databaseUrl: string, info: Omit<CoverageSeedInfo, 'keysFingerprint'>): Promise<CoverageSeedInfo> {
  const full: CoverageSeedInfo = { ...info, keysFingerprint: fingerprint(runKeys) };
  writeFileSync(coverageKeysFile(databaseUrl), `${JSON.stringify(runKeys, null, 2)}\n`, { mode: 0o600 });
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const literal = JSON.stringify(full).replace(/'/g, "''");
    await client.query(`COMMENT ON DATABASE "${databaseName(databaseUrl)}" IS '${literal}'`);
  } finally {
    await client.end();
  }
  return full;
}

/**
 * The seeded database's description, with its keys adopted for the services this process starts; an
 * Error saying what to run when there is no seed (or its keys are missing or belong to another one).
 */
export async function useCoverageSeed(databaseUrl: string, minResidents: number): Promise<CoverageSeedInfo> {
  const name = databaseName(databaseUrl);
  const hint = `run \`npm run bench:seed -- --residents ${minResidents}\` first`;
  const client = new Client({ connectionString: databaseUrl.replace(/\/[^/]*$/, '/postgres') });
  await client.connect();
  let comment: string | null;
  try {
    const res = await client.query<{ comment: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
      [name],
    );
    if (res.rows.length === 0) throw new Error(`the coverage database ${name} does not exist: ${hint}`);
    comment = res.rows[0].comment;
  } finally {
    await client.end();
  }
  let info: CoverageSeedInfo;
  try {
    info = JSON.parse(comment ?? '') as CoverageSeedInfo;
  } catch {
    throw new Error(`the coverage database ${name} was not seeded to the end: ${hint}`);
  }
  if (!(info.residents >= minResidents)) throw new Error(`the coverage database has ${info.residents} residents, fewer than ${minResidents}: ${hint}`);
  const keysFile = coverageKeysFile(databaseUrl);
  if (!existsSync(keysFile)) throw new Error(`${keysFile} is missing (the keys of the seeded records): ${hint}`);
  const keys = JSON.parse(readFileSync(keysFile, 'utf8')) as RunKeys;
  if (fingerprint(keys) !== info.keysFingerprint) throw new Error(`${keysFile} belongs to another seed: ${hint}`);
  adoptRunKeys(keys);
  return info;
}

/** What a scenario says about its database (ScenarioDefinition.database, JobScenarioDefinition.database). */
export interface SeededDatabaseNeed {
  kind: 'coverage-seed';
  minResidents: number;
}

/** The tables the coverage scenarios write to (recognitions, their history and events, the aggregates, the audit trail). */
const WRITTEN_BY_RUNS = [
  'certificates_certificates',
  'certificates_state_changes',
  'outbox_events',
  'reporting_residents',
  'reporting_counts',
  'reporting_daily',
  'audit_events',
] as const;

/**
 * The settings a run uses for a scenario on the seeded coverage database: its URL as the run's
 * database, its keys adopted. BENCH_COVERAGE_MIN_RESIDENTS lowers the floor for a trial on a smaller
 * seed (the log and the result say so).
 */
export async function seededRunSettings(settings: BenchSettings, need: SeededDatabaseNeed): Promise<{ settings: BenchSettings; seed: CoverageSeedInfo & { trial: boolean } }> {
  const floor = Number(process.env.BENCH_COVERAGE_MIN_RESIDENTS) || need.minResidents;
  const trial = floor < need.minResidents;
  if (trial) log(`*** TRIAL RUN: a seeded database of at least ${floor} residents accepted (the scenario is specified for ${need.minResidents}) ***`);
  const seed = await useCoverageSeed(settings.coverageDatabaseUrl, floor);
  log(`using the seeded database ${databaseName(settings.coverageDatabaseUrl)}: ${seed.residents.toLocaleString('en')} residents, seeded ${seed.seededAt}`);
  const seeded = { ...settings, databaseUrl: settings.coverageDatabaseUrl };
  // the code may be newer than the seed: its pending migrations apply first, as in a deployment
  await runCli(['migrate'], {
    env: cliEnv(seeded),
    logFile: join(RESULTS_DIR, `${databaseName(settings.coverageDatabaseUrl)}.migrate.log`),
    timeoutMs: 3600_000,
  });
  // PostgreSQL on the benchmark machine runs with autovacuum off: the tables earlier runs wrote are
  // vacuumed as autovacuum would have done between them, so a run does not pay for its predecessors' dead rows
  const started = Date.now();
  const client = new Client({ connectionString: seeded.databaseUrl });
  await client.connect();
  try {
    for (const table of WRITTEN_BY_RUNS) await client.query(`VACUUM (ANALYZE) ${table}`);
  } finally {
    await client.end();
  }
  log(`vacuumed the tables earlier runs wrote (${WRITTEN_BY_RUNS.join(', ')}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { settings: seeded, seed: { ...seed, trial } };
}
