import { execFileSync } from 'node:child_process';
import { describeAddress, splitDatabaseUrl, type Env } from '@hvs/platform';
import IORedis from 'ioredis';
import { Client } from 'pg';
import type { Say } from './say';

/** A URL with its password replaced, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

const errorText = (err: unknown) => {
  const e = err as { code?: string; message?: string };
  return e.code ?? e.message ?? String(err);
};

export async function probePostgres(url: string): Promise<string | null> {
  const client = new Client({ connectionString: splitDatabaseUrl(url).adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    return errorText(err);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function probeRedis(url: string): Promise<string | null> {
  const client = new IORedis(url, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  let cause: unknown;
  client.on('error', (err) => (cause ??= err)); // the socket error (ECONNREFUSED…) comes as an event
  try {
    await client.connect();
    await client.ping();
    return null;
  } catch (err) {
    return errorText(cause ?? err);
  } finally {
    client.disconnect();
  }
}

function dockerEngineAvailable(): boolean {
  try {
    execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

function isLocal(url: string): boolean {
  const host = new URL(url).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '::1';
}

const HOW_TO_FIX = {
  postgres: (env: Env) => [
    `  - start your PostgreSQL (version 15 or newer), or point DATABASE_URL at one:`,
    `      DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/hocvuso npm start`,
    `  - install it (Debian/Ubuntu: sudo apt-get install postgresql), or`,
    `  - with Docker: docker compose up -d postgres redis`,
    `  (the database itself, "${splitDatabaseUrl(env.DATABASE_URL).database}", is created if missing)`,
  ],
  redis: () => [
    `  - start your Redis (version 7 or newer), or point REDIS_URL at one:`,
    `      REDIS_URL=redis://HOST:6379 npm start`,
    `  - install it (Debian/Ubuntu: sudo apt-get install redis-server), or`,
    `  - with Docker: docker compose up -d postgres redis`,
  ],
};

/**
 * Makes sure PostgreSQL and Redis answer. Where a Docker engine runs and the addresses are local,
 * starts them from docker-compose.yml; otherwise says which one is missing, where, and what to do.
 */
export async function ensureServices(env: Env, say: Say): Promise<boolean> {
  let pg = await probePostgres(env.DATABASE_URL);
  let redis = await probeRedis(env.REDIS_URL);
  if ((pg || redis) && isLocal(env.DATABASE_URL) && isLocal(env.REDIS_URL) && dockerEngineAvailable()) {
    say('PostgreSQL or Redis is not answering; starting them with "docker compose up -d postgres redis"');
    try {
      execFileSync('docker', ['compose', 'up', '-d', '--wait', 'postgres', 'redis'], { stdio: 'inherit', timeout: 180_000 });
      pg = await probePostgres(env.DATABASE_URL);
      redis = await probeRedis(env.REDIS_URL);
    } catch {
      say('docker compose could not start them');
    }
  }
  if (pg) {
    say(`PostgreSQL is not reachable at ${describeAddress(env.DATABASE_URL)} (DATABASE_URL=${redact(env.DATABASE_URL)}): ${pg}`);
    HOW_TO_FIX.postgres(env).forEach((l) => say(l));
  }
  if (redis) {
    say(`Redis is not reachable at ${describeAddress(env.REDIS_URL)} (REDIS_URL=${redact(env.REDIS_URL)}): ${redis}`);
    HOW_TO_FIX.redis().forEach((l) => say(l));
  }
  return !pg && !redis;
}
