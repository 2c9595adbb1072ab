import { join } from 'node:path';
import { Pool, types } from 'pg';
import { ATTEMPT_SUBMISSION_SQL, type AttemptRow, finalPassedEvent, finaliseValues, scoreAttempt } from '@hvs/learning';
import { createMarksCopySql, MarksInsert, type SyncBody } from '../baseline/marks-copy';
import { COMMUNE_PATHS_SQL, residentPageRequest } from '../baseline/resident-page';
import { measureDirectLoad, measureLoad, runDirectFixedRate, runFixedRate, type FixedRateOptions, type FixedRateResult, type HttpLoad, type HttpRequestSpec, type LoadResult, type MeasureOptions } from './load';
import { freePort, log, spawnNode, stopProcess, waitForHttpOk, type ManagedProcess, type StopOutcome } from './processes';
import { DIST_ROOT } from './settings';
import type { BaselineName } from './types';

/**
 * A baseline server, started once and kept up (idle while not loaded) for all the rounds of a run:
 * measureBaseline() as many times as needed, then stopBaseline().
 */
export interface RunningBaseline {
  name: BaselineName;
  /** Short name in the result's `ratio_vs_<key>` fields ("hello", "pg_baseline"). */
  key: string;
  description: string;
  /** How it is loaded; a scenario may replace `next`/`description` with its own inputs (PreparedScenario.baselineRequests). */
  load: HttpLoad;
  /** The baseline's server process; null for a direct baseline (below). */
  process: ManagedProcess | null;
  /**
   * A baseline without HTTP: performs the database work of one request (`load.next()` gives its
   * inputs, as for the others) from this process; `close` releases its connections.
   */
  direct: { run: (request: HttpRequestSpec) => Promise<void>; close: () => Promise<void> } | null;
}

export interface BaselineStartOptions {
  logPrefix: string;
  /** The run's (freshly set up) bench database, for baselines that read it. */
  databaseUrl: string;
}

interface BaselineDefinition {
  key: string;
  description: string;
  /** Starts the server (tracked by processes.ts, so it is stopped on every path) and says how to load it. */
  start(options: BaselineStartOptions & { logFile: string }): Promise<{ process: ManagedProcess | null; load: HttpLoad; direct?: RunningBaseline['direct'] }>;
}

/** Spawns a baseline server script on a free loopback port and waits until `readyPath` answers 200. */
async function spawnBaselineServer(
  name: string,
  script: string,
  env: NodeJS.ProcessEnv,
  readyPath: string,
  logFile: string,
): Promise<{ process: ManagedProcess; baseUrl: string }> {
  const port = await freePort();
  const server = spawnNode(name, join(DIST_ROOT, script), {
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port), ...env },
    logFile,
    ipc: true,
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHttpOk(`${baseUrl}${readyPath}`, server, 15_000);
  } catch (err) {
    await stopProcess(server, 5000);
    throw err;
  }
  return { process: server, baseUrl };
}

/** The api's default DATABASE_POOL_SIZE: the database baseline gets as many connections as the api. */
export const API_DEFAULT_POOL_SIZE = 10;

/**
 * Reference measurements taken in the same run, on the same machine, with the same load settings.
 */
const BASELINES: Record<BaselineName, BaselineDefinition> = {
  'http-hello-world': {
    key: 'hello',
    description:
      'bare Fastify 5 hello-world route (GET / -> {"hello":"world"}, no logging, no plugins) in its own Node process, same load generator settings',
    async start(options) {
      const { process: server, baseUrl } = await spawnBaselineServer('hello-server', 'bench/baseline/hello-server.js', {}, '/', options.logFile);
      return { process: server, load: { baseUrl, description: 'GET / (hello world)', next: { path: '/' } } };
    },
  },
  'pg-coverage-reads': {
    key: 'pg_baseline',
    description:
      'bare Fastify 5 routes running, for each kind of figure, the api\'s aggregate statements (COVERAGE_READ_SQL: counters summed over ' +
      'their shards, current populations and targets, the four weeks\' gains; villages, classes and areas where the api reads them) with ' +
      `the same parameters and concurrency, through a pg Pool of ${API_DEFAULT_POOL_SIZE} connections, rows returned as JSON; no auth, scope, ` +
      'validation, period lookup, shaping (rates, gaps, projection, groups, ranking) or logging; its own Node process, same database, same mix',
    async start(options) {
      const { process: server, baseUrl } = await spawnBaselineServer(
        'pg-coverage-server',
        'bench/baseline/pg-coverage-server.js',
        { DATABASE_URL: options.databaseUrl, PG_POOL_SIZE: String(API_DEFAULT_POOL_SIZE) },
        '/ready',
        options.logFile,
      );
      // a scenario gives the mix (PreparedScenario.baselineRequests); this default only proves the route
      return { process: server, load: { baseUrl, description: 'GET /country', next: { path: '/country' } } };
    },
  },
  'pg-residents-page': {
    key: 'pg_http',
    description:
      'bare Fastify 5 route running the SQL of the api\'s resident page (ResidentRepository.page(): same columns, WHERE, ORDER BY, LIMIT) ' +
      `through a pg Pool of ${API_DEFAULT_POOL_SIZE} connections, rows returned as JSON (bytea as hex text); no auth, validation, decryption, ` +
      'mapping or logging; its own Node process, same database, same pages, same load generator settings',
    async start(options) {
      const { process: server, baseUrl } = await spawnBaselineServer(
        'pg-page-server',
        'bench/baseline/pg-page-server.js',
        { DATABASE_URL: options.databaseUrl, PG_POOL_SIZE: String(API_DEFAULT_POOL_SIZE) },
        '/ready',
        options.logFile,
      );
      return {
        process: server,
        load: { baseUrl, description: 'GET /residents?communeCode=06673&limit=50 (first page)', next: { path: '/residents?communeCode=06673&limit=50' } },
      };
    },
  },
  'pg-residents-page-direct': {
    key: 'pg_baseline',
    description:
      'the resident page straight through pg, no HTTP: the api\'s own query (residentPageQuery: same SQL, parameters and named prepared ' +
      `statement, limit + 1 rows) through a pg Pool of ${API_DEFAULT_POOL_SIZE} connections in the benchmark's own process, as many ` +
      'operations in flight as the scenario has connections, rows parsed by pg (bytea kept as PostgreSQL\'s hex text); the same pages in the ' +
      'same order; no auth, validation, decryption, masking, JSON or logging',
    async start(options) {
      const pool = new Pool({ connectionString: options.databaseUrl, max: API_DEFAULT_POOL_SIZE, idleTimeoutMillis: 0, application_name: 'hvs-bench-pg-direct' });
      pool.on('error', (err) => log(`pg-residents-page-direct: idle client error: ${err.message}`));
      const communePaths = new Map((await pool.query<{ code: string; path: string }>(COMMUNE_PATHS_SQL)).rows.map((r) => [r.code, r.path]));
      const asText = { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === 17 ? (v: string) => v : types.getTypeParser(oid, format)) };
      return {
        process: null,
        // a scenario gives the pages (PreparedScenario.baselineRequests): the path's query string is read as pg-page-server reads it
        load: { baseUrl: 'postgres (no HTTP)', description: 'the resident pages of the scenario', next: { path: '/residents?communeCode=06673&limit=50' } },
        direct: {
          run: async (request) => {
            const query = residentPageRequest(request.path, communePaths);
            if (!query) throw new Error(`pg-residents-page-direct: unknown commune in ${request.path}`);
            await pool.query({ ...query, types: asText });
          },
          close: () => pool.end(),
        },
      };
    },
  },
  'pg-marks-insert-direct': {
    key: 'pg_baseline',
    description:
      'the attendance-sync batches inserted straight through pg, no HTTP: each batch\'s marks go into a copy of classes_attendance_marks ' +
      `(bench_attendance_marks_direct: same columns, checks, indexes and foreign keys) with ONE multi-row INSERT ... ON CONFLICT (id) DO NOTHING ` +
      `(a named prepared statement) through a pg Pool of ${API_DEFAULT_POOL_SIZE} connections in the benchmark's own process, as many ` +
      'operations in flight as the scenario has connections; the same batches in the same order (re-sent ones included); no auth, validation, ' +
      'roster, conflicts, current marks, history, idempotency record or logging',
    async start(options) {
      const table = 'bench_attendance_marks_direct';
      // idle connections stay open (idleTimeoutMillis 0): a backend that exits takes its CPU time out of the database's figures
      const pool = new Pool({ connectionString: options.databaseUrl, max: API_DEFAULT_POOL_SIZE, idleTimeoutMillis: 0, application_name: 'hvs-bench-pg-direct' });
      pool.on('error', (err) => log(`pg-marks-insert-direct: idle client error: ${err.message}`));
      await pool.query(createMarksCopySql(table));
      const insert = new MarksInsert(table);
      return {
        process: null,
        // a scenario gives the batches (PreparedScenario.baselineRequests): their bodies are inserted, nothing is sent
        load: { baseUrl: 'postgres (no HTTP)', description: 'INSERT of the scenario\'s batches', next: { path: '/' } },
        direct: {
          run: async (request) => {
            if (!request.body) throw new Error('pg-marks-insert-direct: a request without a batch');
            await pool.query(insert.query(JSON.parse(request.body) as SyncBody));
          },
          close: () => pool.end(),
        },
      };
    },
  },
  'pg-quiz-submit-direct': {
    key: 'pg_baseline',
    description:
      'a submission\'s database work straight through pg, no HTTP: read the attempt with its quiz and course (the api\'s own statement, ' +
      'ATTEMPT_SUBMISSION_SQL.find), score it in this process (learning\'s scoreAttempt, answer keys read once at start), then ONE ' +
      'statement writing the scored attempt, the course standing and, on a pass, the learning.final_passed outbox row ' +
      `(ATTEMPT_SUBMISSION_SQL.finalise: the api's statement, one implicit transaction), both named prepared statements, through a pg Pool of ` +
      `${API_DEFAULT_POOL_SIZE} connections in the benchmark's own process; its own open attempts (the scenario prepares as many for it as ` +
      'for the api); no auth, validation, completion rule, logging',
    async start(options) {
      const pool = new Pool({ connectionString: options.databaseUrl, max: API_DEFAULT_POOL_SIZE, idleTimeoutMillis: 0, application_name: 'hvs-bench-pg-direct' });
      pool.on('error', (err) => log(`pg-quiz-submit-direct: idle client error: ${err.message}`));
      const keys = new Map(
        (await pool.query<{ id: string; correct_keys: string[] }>('SELECT id, correct_keys FROM learning_questions')).rows.map((q) => [q.id, q.correct_keys]),
      );
      return {
        process: null,
        // a scenario gives the submissions (PreparedScenario.baselineRequests): attempt id from the path, answers from the body
        load: { baseUrl: 'postgres (no HTTP)', description: 'the database work of the scenario\'s submissions', next: { path: '/' } },
        direct: {
          run: async (request) => {
            const attemptId = /attempts\/([0-9a-f-]{36})\/submit$/.exec(request.path)?.[1];
            if (!attemptId || !request.body) throw new Error(`pg-quiz-submit-direct: not a submission: ${request.path}`);
            const { answers } = JSON.parse(request.body) as { answers: Array<{ questionId: string; choices: string[] }> };
            const [row] = (await pool.query<AttemptRow>({ name: 'bench_attempt_find', text: ATTEMPT_SUBMISSION_SQL.find, values: [attemptId] })).rows;
            if (!row || row.status !== 'in_progress') throw new Error(`pg-quiz-submit-direct: attempt ${attemptId} is not open`);
            const given = Object.fromEntries(answers.map((a) => [a.questionId, a.choices]));
            const score = scoreAttempt(row.questions, given, (id) => keys.get(id) ?? [], row.passPercent);
            const event = row.kind === 'final' && score.passed ? finalPassedEvent(row, score.scorePercent, row.now) : null;
            const values = finaliseValues(attemptId, { answers: given, submittedAt: row.now, autoSubmitted: false, ...score }, { finalStanding: row.kind === 'final', event });
            const { rows } = await pool.query<{ closed: number }>({ name: 'bench_attempt_submit', text: ATTEMPT_SUBMISSION_SQL.finalise, values });
            if (rows[0]?.closed !== 1) throw new Error(`pg-quiz-submit-direct: attempt ${attemptId} was not closed`);
          },
          close: () => pool.end(),
        },
      };
    },
  },
  'pg-marks-insert': {
    key: 'pg_http',
    description:
      'bare Fastify 5 route taking the attendance-sync body and inserting its marks into a copy of classes_attendance_marks (same columns, ' +
      `checks, indexes and foreign keys) with ONE multi-row INSERT ... ON CONFLICT (id) DO NOTHING through a pg Pool of ${API_DEFAULT_POOL_SIZE} ` +
      'connections; no auth, validation, roster, conflicts, current marks, history, idempotency record or logging; its own Node process, same ' +
      'database, the same batches in the same order (re-sent ones included), same load generator settings',
    async start(options) {
      const { process: server, baseUrl } = await spawnBaselineServer(
        'pg-marks-insert-server',
        'bench/baseline/pg-marks-insert-server.js',
        { DATABASE_URL: options.databaseUrl, PG_POOL_SIZE: String(API_DEFAULT_POOL_SIZE), MARKS_TABLE: 'bench_attendance_marks_copy' },
        '/ready',
        options.logFile,
      );
      // a scenario gives the batches (PreparedScenario.baselineRequests); this default only proves the route
      return { process: server, load: { baseUrl, description: 'POST /marks (the scenario\'s batches)', next: { path: '/ready' } } };
    },
  },
};

/** Starts a baseline server. Its log is `<logPrefix>.baseline.log`, or `<logPrefix>.baseline.<key>.log` when `ownLog`. */
export async function startBaseline(name: BaselineName, options: BaselineStartOptions & { ownLog?: boolean }): Promise<RunningBaseline> {
  const def = BASELINES[name];
  const logFile = options.ownLog ? `${options.logPrefix}.baseline.${def.key}.log` : `${options.logPrefix}.baseline.log`;
  const { process: proc, load, direct } = await def.start({ ...options, logFile });
  log(`baseline ${name} ready at ${load.baseUrl}`);
  return { name, key: def.key, description: def.description, load, process: proc, direct: direct ?? null };
}

/** The next request of a load, whatever form its `next` takes (a direct baseline draws one per operation). */
function nextRequest(load: HttpLoad, n: number): HttpRequestSpec {
  const { next } = load;
  if (typeof next === 'function') return next();
  return Array.isArray(next) ? next[n % next.length] : next;
}

/** One warm-up (if any) + measured run against the running baseline: the same code path as the scenario's. */
export function measureBaseline(baseline: RunningBaseline, options: Omit<MeasureOptions, 'server'>): Promise<LoadResult> {
  const { direct, process: server } = baseline;
  if (direct) {
    let n = 0;
    return measureDirectLoad({ description: baseline.load.description, run: () => direct.run(nextRequest(baseline.load, n++)) }, options);
  }
  if (!server) throw new Error(`baseline ${baseline.name} has neither a server nor a direct load`);
  return measureLoad(baseline.load, { ...options, server });
}

/** The baseline open loop at a fixed rate (runFixedRate / runDirectFixedRate): the same inputs as its saturated runs. */
export function baselineFixedRate(baseline: RunningBaseline, options: Omit<FixedRateOptions, 'serverPid' | 'maxSockets'>): Promise<FixedRateResult> {
  const { direct, process: server } = baseline;
  if (direct) {
    let n = 0;
    return runDirectFixedRate({ description: baseline.load.description, run: () => direct.run(nextRequest(baseline.load, n++)) }, options);
  }
  if (!server) throw new Error(`baseline ${baseline.name} has neither a server nor a direct load`);
  return runFixedRate(baseline.load, { ...options, serverPid: server.child.pid });
}

export async function stopBaseline(baseline: RunningBaseline, timeoutMs = 5000): Promise<StopOutcome> {
  if (baseline.process) return stopProcess(baseline.process, timeoutMs);
  const t0 = Date.now();
  await baseline.direct?.close();
  return { name: baseline.name, code: 0, signal: null, forced: false, ms: Date.now() - t0 };
}
