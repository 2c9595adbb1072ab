import { plainToInstance, Transform } from 'class-transformer';
import { applyDecorators } from '@nestjs/common';
import { IsBoolean, IsIn, IsInt, IsString, Matches, Max, Min, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
};

/** A whole number in [min, max], with one message whatever is wrong (checked in this order: integer, min, max). */
function IntInRange(min: number, max: number, what: string) {
  const message = `${what} between ${min} and ${max}`;
  return applyDecorators(Max(max, { message }), Min(min, { message }), IsInt({ message }));
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Every setting the processes read from the environment, with its default.
 * Validated once at boot: a bad or missing value stops the process with one line per problem.
 */
export class Env {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Matches(/^postgres(ql)?:\/\/[^/\s]+\/[A-Za-z0-9_-]+(\?.*)?$/, {
    message: 'must be a PostgreSQL URL such as postgres://user:password@host:5432/database',
  })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/hocvuso';

  @Transform(toInt)
  @IntInRange(1, 200, 'must be a whole number')
  DATABASE_POOL_SIZE = 10;

  @Matches(/^rediss?:\/\/[^\s]+$/, { message: 'must be a Redis URL such as redis://127.0.0.1:6379' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix of every Redis key this deployment writes (queues, counters); lets tests share one Redis. */
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'must be 1-40 letters, digits, "_" or "-"' })
  REDIS_PREFIX = 'hvs';

  @IsString()
  HOST = '0.0.0.0';

  @Transform(toInt)
  @IntInRange(0, 65535, 'must be a port number')
  PORT = 3000;

  @Transform(toInt)
  @IntInRange(0, 65535, 'must be a port number')
  WORKER_PORT = 3001;

  @Transform(toInt)
  @IntInRange(0, 65535, 'must be a port number')
  VNEID_MOCK_PORT = 4000;

  @IsIn(LOG_LEVELS as unknown as string[], { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  /** Log one line per HTTP request (on by default; the benchmark keeps it on). */
  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false' })
  LOG_REQUESTS = true;

  /** Apply pending migrations when a process starts (under an advisory lock). */
  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false' })
  MIGRATE_ON_START = true;

  @Transform(toInt)
  @IntInRange(100, 120000, 'must be a whole number of milliseconds')
  SHUTDOWN_TIMEOUT_MS = 10000;
}

export class EnvValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvValidationError';
  }
}

/** Reads and validates the environment; throws EnvValidationError naming every bad variable. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(new Env())) {
    const value = source[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const env = plainToInstance(Env, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false, stopAtFirstError: true });
  if (errors.length > 0) {
    throw new EnvValidationError(
      errors.map((e) => {
        const given = source[e.property];
        const why = Object.values(e.constraints ?? {}).join('; ');
        return `${e.property}: ${why}${given === undefined ? '' : ` (got "${given}")`}`;
      }),
    );
  }
  return env;
}

/** host:port of a connection URL, for messages that must say where we tried to connect. */
export function describeAddress(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || (u.protocol.startsWith('redis') ? '6379' : '5432')}`;
  } catch {
    return url;
  }
}
