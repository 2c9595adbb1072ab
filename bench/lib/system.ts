import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { SERVICE_RUNTIMES } from '@hvs/platform';
import { freePort, log, runNodeToCompletion, spawnNode, stopProcess, waitForHttpOk, type ManagedProcess, type StopOutcome } from './processes';
import { DIST_ROOT, type BenchSettings } from './settings';

/** A service of the monorepo the benchmark can start (compiled entry under dist/). */
export type ServiceName = 'api' | 'worker' | 'vneid-mock';

/** Where each service listens; how it is run (entry, Node flags) is production's (SERVICE_RUNTIMES). */
const SERVICE_PORT_VARS: Record<ServiceName, string> = { api: 'PORT', worker: 'WORKER_PORT', 'vneid-mock': 'VNEID_MOCK_PORT' };

/** App settings the benchmark must not inherit from the caller's shell: the api runs with its defaults. */
const APP_TUNING_VARS = ['LOG_LEVEL', 'LOG_REQUESTS', 'DATABASE_POOL_SIZE', 'NODE_OPTIONS', 'UV_THREADPOOL_SIZE'];

export interface RunningService {
  name: ServiceName;
  process: ManagedProcess;
  baseUrl: string;
  readyMs: number;
}

export interface RunningSystem {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  services: Partial<Record<ServiceName, RunningService>>;
  /** Environment overrides given to the services (diagnostic runs only; empty otherwise). */
  appEnvOverrides: Record<string, string>;
  setupMs: number;
}

/**
 * The secrets of this run, given to every service (production refuses the public development keys).
 * Exported for scenarios that write personal data straight into the database (auth-read's seeding),
 * which must encrypt it with the keys the api reads it with.
 */
export const runKeys = (() => {
  const key = () => randomBytes(32).toString('base64');
  return {
    PII_ENCRYPTION_KEYS: `bench:${key()}`,
    PII_ENCRYPTION_KEY_ID: 'bench',
    PII_INDEX_KEY: key(),
    JWT_SECRET: randomBytes(48).toString('base64'),
    METRICS_TOKEN: randomBytes(32).toString('base64url'),
    CERTIFICATE_SIGNING_KEYS: `bench:${randomBytes(32).toString('base64url')}`,
    CERTIFICATE_SIGNING_KEY_ID: 'bench',
    VNEID_CLIENT_SECRET: randomBytes(24).toString('base64url'),
    VNEID_ADMIN_TOKEN: randomBytes(24).toString('base64url'),
  };
})();

export type RunKeys = typeof runKeys;

/**
 * Makes this process use keys saved by an earlier one (the coverage database, seeded once with the
 * keys its personal data is encrypted with): every service started afterwards gets them.
 */
export function adoptRunKeys(saved: RunKeys): void {
  for (const k of Object.keys(runKeys) as Array<keyof RunKeys>) {
    if (typeof saved[k] !== 'string' || saved[k].length === 0) throw new Error(`saved run keys lack ${k}`);
  }
  Object.assign(runKeys, saved);
}

function baseEnv(settings: BenchSettings, redisPrefix: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of APP_TUNING_VARS) delete env[key];
  return {
    ...env,
    NODE_ENV: 'production',
    // production refuses the public development keys: every run gets keys of its own
    ...runKeys,
    DATABASE_URL: settings.databaseUrl,
    REDIS_URL: settings.redisUrl,
    REDIS_PREFIX: redisPrefix,
  };
}

/** The environment of a one-off `cli` command against the run's database (e.g. coverage:verify), with the run's keys. */
export function cliEnv(settings: BenchSettings): NodeJS.ProcessEnv {
  return baseEnv(settings, `bench-cli-${process.pid}`);
}

/** Runs one `cli` command (its name and arguments) to completion and returns how long it took, ms; throws when it fails. */
export function runCli(args: [string, ...string[]], options: { env: NodeJS.ProcessEnv; logFile: string; timeoutMs: number }): Promise<number> {
  return runNodeToCompletion(args[0].replace(/:/g, '-'), join(DIST_ROOT, 'apps/cli/src/main.js'), { args, ...options });
}

/** DROP DATABASE ... WITH (FORCE): every run starts from an empty bench database. */
export async function dropDatabase(databaseUrl: string): Promise<string> {
  const u = new URL(databaseUrl);
  const name = decodeURIComponent(u.pathname.replace(/^\//, ''));
  u.pathname = '/postgres';
  const client = new Client({ connectionString: u.toString(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
  return name;
}

/** Deletes the keys the services wrote under their unique prefix (best effort). */
export async function deleteRedisPrefix(redisUrl: string, prefix: string): Promise<number> {
  const redis = new IORedis(redisUrl, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => undefined);
  let deleted = 0;
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/** Drops and recreates the bench database, then runs `cli setup` (migrate, reference and demo data). */
export async function setupDatabase(
  settings: BenchSettings,
  system: RunningSystem,
  options: { logPrefix: string },
): Promise<void> {
  const dbName = await dropDatabase(settings.databaseUrl);
  log(`dropped database ${dbName}; running setup (migrations, reference + demo data)…`);
  const ms = await runCli(['setup'], {
    env: baseEnv(settings, system.redisPrefix),
    logFile: `${options.logPrefix}.setup.log`,
    timeoutMs: 240_000,
  });
  system.setupMs = ms;
  log(`setup done in ${(ms / 1000).toFixed(1)}s`);
}

/**
 * Starts the requested services on free loopback ports with a unique REDIS_PREFIX, production
 * defaults (plus `appEnvOverrides`, for diagnostic runs only), and waits until each answers /health/ready.
 * The services are registered in `system` as soon as they are spawned, so stopSystem() finds them
 * even when starting fails half-way.
 */
export async function startServices(
  settings: BenchSettings,
  system: RunningSystem,
  options: { services: ServiceName[]; logPrefix: string; env?: Record<string, string>; logSuffix?: string },
): Promise<void> {
  const env = { ...baseEnv(settings, system.redisPrefix), ...options.env };
  for (const name of options.services) {
    const runtime = SERVICE_RUNTIMES[name];
    const portVar = SERVICE_PORT_VARS[name];
    const port = await freePort();
    const logFile = `${options.logPrefix}.${name}${options.logSuffix ?? ''}.log`;
    // the service's production Node flags, plus (diagnostic runs only) NODE_ARGS from BENCH_DIAGNOSTIC_API_ENV
    const extraArgs = system.appEnvOverrides.NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
    const proc = spawnNode(name, join(DIST_ROOT, runtime.entry), {
      env: { ...env, HOST: '127.0.0.1', [portVar]: String(port), ...system.appEnvOverrides },
      logFile,
      nodeArgs: [...runtime.nodeFlags, ...extraArgs],
    });
    const baseUrl = `http://127.0.0.1:${port}`;
    const service: RunningService = { name, process: proc, baseUrl, readyMs: 0 };
    system.services[name] = service;
    service.readyMs = await waitForHttpOk(`${baseUrl}/health/ready`, proc, 60_000);
    log(`${name} ready at ${baseUrl} after ${(service.readyMs / 1000).toFixed(1)}s (logs: ${logFile})`);
  }
}

export function newSystem(settings: BenchSettings, appEnvOverrides: Record<string, string>): RunningSystem {
  return {
    databaseUrl: settings.databaseUrl,
    redisUrl: settings.redisUrl,
    redisPrefix: `bench-${process.pid}-${randomBytes(3).toString('hex')}`,
    services: {},
    appEnvOverrides,
    setupMs: 0,
  };
}

/** Stops one service (SIGTERM, SIGKILL after the timeout), e.g. to start it again with other settings. */
export async function stopService(system: RunningSystem, name: ServiceName, timeoutMs = 15_000): Promise<StopOutcome | null> {
  const service = system.services[name];
  if (!service) return null;
  const outcome = await stopProcess(service.process, timeoutMs);
  delete system.services[name];
  log(`${name} stopped${outcome.forced ? ' (KILLED after SIGTERM timeout)' : ''}: ${outcome.signal ?? `exit code ${outcome.code}`} in ${outcome.ms} ms`);
  return outcome;
}

/** Stops the services (SIGTERM, SIGKILL after the timeout) and removes their Redis keys. */
export async function stopSystem(system: RunningSystem, timeoutMs = 15_000): Promise<StopOutcome[]> {
  const outcomes = await Promise.all(
    Object.values(system.services).map((s) => stopProcess(s.process, timeoutMs)),
  );
  for (const o of outcomes) {
    log(`${o.name} stopped${o.forced ? ' (KILLED after SIGTERM timeout)' : ''}: ${o.signal ?? `exit code ${o.code}`} in ${o.ms} ms`);
  }
  try {
    const n = await deleteRedisPrefix(system.redisUrl, system.redisPrefix);
    if (n) log(`removed ${n} Redis key(s) under ${system.redisPrefix}:`);
  } catch (err) {
    log(`could not clean Redis keys under ${system.redisPrefix}: ${(err as Error).message}`);
  }
  return outcomes;
}
