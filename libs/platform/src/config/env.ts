import { createHash, createPrivateKey } from 'node:crypto';
import { plainToInstance, Transform } from 'class-transformer';
import { applyDecorators } from '@nestjs/common';
import { IsBoolean, IsIn, IsInt, IsNumber, IsString, Matches, Max, Min, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
const toNumber = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value.trim()) : value;
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

/** A share between 0 and 1 (decimals allowed). */
function Share(what = 'must be a number between 0 and 1') {
  return applyDecorators(Max(1, { message: what }), Min(0, { message: what }), IsNumber({}, { message: what }));
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

  /** AES-256 keys for personal data at rest, "id:base64,id2:base64" (32-byte keys; old ones kept for reading). */
  @Matches(/^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=)*$/, {
    message: 'must be "id:base64key[,id2:base64key]" with 32-byte keys (e.g. from `openssl rand -base64 32`)',
  })
  PII_ENCRYPTION_KEYS: string = DEVELOPMENT_KEYS.PII_ENCRYPTION_KEYS;

  /** Which of PII_ENCRYPTION_KEYS encrypts new values. */
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'must be the id of one of PII_ENCRYPTION_KEYS' })
  PII_ENCRYPTION_KEY_ID: string = DEVELOPMENT_KEYS.PII_ENCRYPTION_KEY_ID;

  /** Key of the keyed hash (HMAC) that indexes personal data for lookup; base64, at least 32 bytes. */
  @Matches(/^[A-Za-z0-9+/]{43,}={0,2}$/, { message: 'must be base64 of at least 32 bytes (e.g. `openssl rand -base64 32`)' })
  PII_INDEX_KEY: string = DEVELOPMENT_KEYS.PII_INDEX_KEY;

  /** Secret that signs access tokens (HS256, issuer and audience pinned); at least 32 characters. */
  @Matches(/^\S{32,}$/, { message: 'must be at least 32 characters without spaces (e.g. `openssl rand -base64 48`)' })
  JWT_SECRET: string = DEVELOPMENT_KEYS.JWT_SECRET;

  @Transform(toInt)
  @IntInRange(60, 3600, 'must be a number of seconds')
  ACCESS_TOKEN_TTL_S = 900;

  @Transform(toInt)
  @IntInRange(1, 365, 'must be a number of days')
  REFRESH_TOKEN_TTL_DAYS = 30;

  /**
   * Decrypted residents' records kept in the api's memory for lists (keyed by id and version, so a
   * change is never served stale): how many, and for how long. 0 entries turns the cache off.
   */
  @Transform(toInt)
  @IntInRange(0, 1_000_000, 'must be a number of records (0 turns the cache off)')
  PII_CACHE_ENTRIES = 50_000;

  @Transform(toInt)
  @IntInRange(1, 3600, 'must be a number of seconds')
  PII_CACHE_TTL_S = 60;

  /** How long a one-time code sent by SMS (first login of a resident, password reset) stays valid. */
  @Transform(toInt)
  @IntInRange(60, 3600, 'must be a number of seconds')
  OTP_TTL_S = 600;

  /**
   * Show the SMS outbox (GET /dev/sms-outbox, and a log line per message in development): the demo's
   * stand-in for a phone. Default true, except with NODE_ENV=production where it defaults to false:
   * it shows one-time codes to anyone who knows a phone number.
   */
  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false' })
  SMS_OUTBOX_VISIBLE = true;

  // ---- Reporting (docs/reporting.md) ----

  /** Residents of this age or older on a figure's reference date count as adults (the denominator and the rate). */
  @Transform(toInt)
  @IntInRange(16, 21, 'must be a whole number of years')
  REPORTING_ADULT_AGE = 18;

  /**
   * Attendance marks (offline sync, roster) are refused for a session more than this many hours
   * ahead (its day's start, Vietnam time) and with a device time more than this ahead of the server.
   */
  @Transform(toInt)
  @IntInRange(1, 720, 'must be a number of hours')
  ATTENDANCE_FUTURE_WINDOW_H = 24;

  /** Attendance marks are refused for a session whose day is more than this many days ago. */
  @Transform(toInt)
  @IntInRange(1, 3650, 'must be a number of days')
  ATTENDANCE_PAST_WINDOW_DAYS = 30;

  /**
   * Offline batches' stored answers (classes_sync_batches, for re-sent batches) are purged by the
   * worker once older than this many days. Must exceed the attendance window (past days + future
   * hours), so that a batch re-sent after its purge can write nothing (docs/operations.md).
   */
  @Transform(toInt)
  @IntInRange(2, 3650, 'must be a number of days')
  ATTENDANCE_SYNC_RETENTION_DAYS = 60;

  // ---- The VNeID-style partner (apps/vneid-mock; contract in docs/vneid-partner-api.md) ----

  /**
   * Where the partner API is, for its client (the worker). Default: the mock on this machine, at
   * VNEID_MOCK_PORT (so `npm start` needs nothing set); docker compose points it at the mock's service.
   */
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'must be an http(s) URL such as http://127.0.0.1:4000' })
  VNEID_BASE_URL = '';

  /** The partner's one OAuth2 client (client credentials grant); the worker is that client. */
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'must be 1-64 letters, digits, ".", "_" or "-"' })
  VNEID_CLIENT_ID = 'hocvuso';

  @Matches(/^\S{16,200}$/, { message: 'must be 16-200 characters without spaces' })
  VNEID_CLIENT_SECRET: string = DEVELOPMENT_KEYS.VNEID_CLIENT_SECRET;

  /** Lifetime of a partner access token: short values exercise the client's refresh. */
  @Transform(toInt)
  @IntInRange(1, 86400, 'must be a number of seconds')
  VNEID_TOKEN_TTL_SECONDS = 3600;

  /** Certificate jobs one worker process runs at once. */
  @Transform(toInt)
  @IntInRange(1, 500, 'must be a whole number')
  CERTIFICATE_CONCURRENCY = 16;

  /** Tries of a certificate job on retryable partner errors (5xx, timeouts, network) before it ends `failed`. */
  @Transform(toInt)
  @IntInRange(1, 100, 'must be a whole number')
  CERTIFICATE_MAX_ATTEMPTS = 8;

  /** The first retry of a certificate job waits up to this long, each next one up to twice as long (full jitter). */
  @Transform(toInt)
  @IntInRange(10, 600_000, 'must be a whole number of milliseconds')
  CERTIFICATE_RETRY_BASE_MS = 1000;

  /** The longest wait between two tries of a certificate job. */
  @Transform(toInt)
  @IntInRange(100, 3_600_000, 'must be a whole number of milliseconds')
  CERTIFICATE_RETRY_CAP_MS = 300_000;

  /**
   * Partner requests per second of all worker processes together (a shared limiter in Redis): keep it
   * below the partner's limit (VNEID_RATE_LIMIT_RPS at the mock).
   */
  @Transform(toInt)
  @IntInRange(1, 100000, 'must be a whole number of requests per second')
  VNEID_CLIENT_RPS = 90;

  /** How long the client waits for one partner answer before it gives up (and retries). */
  @Transform(toInt)
  @IntInRange(100, 120000, 'must be a whole number of milliseconds')
  VNEID_TIMEOUT_MS = 5000;

  /** Guards the mock's /admin endpoints (faults, reset, inspection, registry). */
  @Matches(/^\S{16,200}$/, { message: 'must be 16-200 characters without spaces' })
  VNEID_ADMIN_TOKEN: string = DEVELOPMENT_KEYS.VNEID_ADMIN_TOKEN;

  /** Seeds the mock's generated citizen registry and its fault sequence (same seed, same behaviour). */
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'must be 1-64 letters, digits, "_" or "-"' })
  VNEID_SEED = 'hocvuso';

  /** Share of generated CCCD numbers the mock's registry does not know. */
  @Transform(toNumber)
  @Share()
  VNEID_NOT_FOUND_RATE = 0.02;

  /** Share of generated people registered with a typo in the name or a wrong birth date. */
  @Transform(toNumber)
  @Share()
  VNEID_MISMATCH_RATE = 0.05;

  @Transform(toInt)
  @IntInRange(0, 60000, 'must be a whole number of milliseconds')
  VNEID_LATENCY_MS = 20;

  @Transform(toInt)
  @IntInRange(0, 60000, 'must be a whole number of milliseconds')
  VNEID_LATENCY_JITTER_MS = 20;

  /** Share of partner requests answered with a 5xx. */
  @Transform(toNumber)
  @Share()
  VNEID_ERROR_RATE = 0;

  /** Share of partner requests never answered. */
  @Transform(toNumber)
  @Share()
  VNEID_HANG_RATE = 0;

  /** Share of those failures (5xx, no answer) that happen after the work was done. */
  @Transform(toNumber)
  @Share()
  VNEID_FAULT_AFTER_SHARE = 0.5;

  /** Requests per second the partner accepts from all clients together; 0 = no limit. */
  @Transform(toInt)
  @IntInRange(0, 100000, 'must be a whole number of requests per second (0 = no limit)')
  VNEID_RATE_LIMIT_RPS = 100;

  /** Answer every partner request with 503. */
  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false' })
  VNEID_OUTAGE = false;

  // ---- Certificates (docs/certificates-credentials.md) ----

  /**
   * Where residents and verifiers reach the platform: the QR code on a certificate links to
   * `${PUBLIC_URL}/api/v1/verify/<serial>`, and credentials' ids are built on it. No trailing slash.
   */
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*[^\s/])?$/, { message: 'must be an http(s) URL without a trailing slash, such as https://hocvuso.example.vn' })
  PUBLIC_URL = 'http://127.0.0.1:3000';

  /**
   * Ed25519 keys that sign certificates' credentials (EdDSA): "kid:base64url-seed[,kid2:seed2]"
   * (32-byte seeds, `npm run keys` prints one) or a JSON array of private JWKs with a `kid`. Every key
   * is published at /.well-known/jwks.json, so that credentials signed by a retired key still verify.
   */
  @IsString()
  CERTIFICATE_SIGNING_KEYS: string = DEVELOPMENT_KEYS.CERTIFICATE_SIGNING_KEYS;

  /** Which of CERTIFICATE_SIGNING_KEYS signs new credentials. */
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'must be the kid of one of CERTIFICATE_SIGNING_KEYS' })
  CERTIFICATE_SIGNING_KEY_ID: string = DEVELOPMENT_KEYS.CERTIFICATE_SIGNING_KEY_ID;

  /**
   * Bearer token of the Prometheus scrape (`GET /metrics` on api and worker); on the api an
   * administrator's access token works too. 16-200 characters.
   */
  @Matches(/^\S{16,200}$/, { message: 'must be 16-200 characters without spaces' })
  METRICS_TOKEN: string = DEVELOPMENT_KEYS.METRICS_TOKEN;

  /** How long recording a credential takes at the partner (its idempotency key is held meanwhile). */
  @Transform(toInt)
  @IntInRange(0, 60000, 'must be a whole number of milliseconds')
  VNEID_PROCESSING_MS = 0;
}

/**
 * The development certificate-signing key's seed: derived at run time from a fixed phrase (so no
 * private key is written anywhere), public by construction, refused in production.
 */
const DEVELOPMENT_SIGNING_SEED = createHash('sha256').update('hocvuso-development-only-certificate-signing-key').digest('base64url');

/**
 * Development-only keys, so that `npm start` works on a fresh machine. They are public (they are in
 * this file): every real deployment sets its own (see docs/operations.md).
 */
export const DEVELOPMENT_KEYS = {
  PII_ENCRYPTION_KEYS: `dev:${Buffer.from('hocvuso-development-only-pii-key').toString('base64')}`,
  PII_ENCRYPTION_KEY_ID: 'dev',
  PII_INDEX_KEY: Buffer.from('hocvuso-development-only-index-k').toString('base64'),
  JWT_SECRET: 'hocvuso-development-only-jwt-secret-change-me',
  VNEID_CLIENT_SECRET: 'hocvuso-development-only-vneid-secret',
  VNEID_ADMIN_TOKEN: 'hocvuso-development-only-vneid-admin',
  CERTIFICATE_SIGNING_KEYS: `dev:${DEVELOPMENT_SIGNING_SEED}`,
  CERTIFICATE_SIGNING_KEY_ID: 'dev',
  METRICS_TOKEN: 'hocvuso-development-only-metrics-token',
} as const;

/** One Ed25519 signing key, as a private JWK (RFC 8037) with its key id. */
export interface SigningKeyJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  kid: string;
  /** The 32-byte private seed, base64url. */
  d: string;
  /** The public key, base64url (always derived from `d`). */
  x: string;
  /** True for the public development key (refused in production). */
  development: boolean;
}

const KID = /^[A-Za-z0-9._-]{1,64}$/;
const SEED = /^[A-Za-z0-9_-]{43}$/;
/** PKCS#8 DER prefix of an Ed25519 private key: followed by the 32-byte seed. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * Reads CERTIFICATE_SIGNING_KEYS (compact "kid:seed,..." or a JSON array of Ed25519 private JWKs).
 * Throws an Error whose message names what is wrong, never the key material.
 */
export function parseSigningKeys(value: string): SigningKeyJwk[] {
  const text = value.trim();
  let entries: { kid: unknown; d: unknown; x?: unknown; kty?: unknown; crv?: unknown }[];
  if (text.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error('must be valid JSON (an array of Ed25519 private JWKs) or "kid:seed[,kid2:seed2]"');
    }
    if (!Array.isArray(parsed) || parsed.some((k) => typeof k !== 'object' || k === null)) {
      throw new Error('must be a JSON array of Ed25519 private JWKs');
    }
    entries = parsed as typeof entries;
    entries.forEach((k, i) => {
      if (k.kty !== 'OKP' || k.crv !== 'Ed25519') throw new Error(`key ${i + 1}: must be an Ed25519 JWK (kty "OKP", crv "Ed25519")`);
    });
  } else {
    entries = text.split(',').map((pair) => {
      const at = pair.indexOf(':');
      return at < 0 ? { kid: pair, d: undefined } : { kid: pair.slice(0, at).trim(), d: pair.slice(at + 1).trim() };
    });
  }
  if (entries.length === 0) throw new Error('must hold at least one key');
  const seen = new Set<string>();
  return entries.map((entry, i) => {
    const { kid, d } = entry;
    if (typeof kid !== 'string' || !KID.test(kid)) throw new Error(`key ${i + 1}: its kid must be 1-64 letters, digits, ".", "_" or "-"`);
    if (seen.has(kid)) throw new Error(`key ${i + 1}: kid "${kid}" is used twice`);
    seen.add(kid);
    if (typeof d !== 'string' || !SEED.test(d)) throw new Error(`key "${kid}": its private part must be a 32-byte seed in base64url (e.g. from \`npm run keys\`)`);
    const x = ed25519PublicKey(d);
    if (entry.x !== undefined && entry.x !== x) throw new Error(`key "${kid}": its "x" is not the public key of its "d"`);
    return { kty: 'OKP', crv: 'Ed25519', kid, d, x, development: d === DEVELOPMENT_SIGNING_SEED };
  });
}

/** The public key (base64url) of an Ed25519 seed (base64url). */
function ed25519PublicKey(seed: string): string {
  const key = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, Buffer.from(seed, 'base64url')]), format: 'der', type: 'pkcs8' });
  const jwk = key.export({ format: 'jwk' });
  return String(jwk.x);
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
  if (raw.VNEID_BASE_URL === undefined) env.VNEID_BASE_URL = `http://127.0.0.1:${env.VNEID_MOCK_PORT}`;
  const errors = validateSync(env, { skipMissingProperties: false, stopAtFirstError: true });
  const problems = errors.map((e) => {
    const given = source[e.property];
    const why = Object.values(e.constraints ?? {}).join('; ');
    const shown = /KEY|SECRET|TOKEN/.test(e.property) ? '' : given === undefined ? '' : ` (got "${given}")`; // never echo a key
    return `${e.property}: ${why}${shown}`;
  });
  if (!env.PII_ENCRYPTION_KEYS.split(',').some((pair) => pair.split(':')[0] === env.PII_ENCRYPTION_KEY_ID)) {
    problems.push('PII_ENCRYPTION_KEY_ID: must be the id of one of PII_ENCRYPTION_KEYS');
  }
  if (env.ATTENDANCE_SYNC_RETENTION_DAYS * 24 <= env.ATTENDANCE_PAST_WINDOW_DAYS * 24 + env.ATTENDANCE_FUTURE_WINDOW_H) {
    problems.push(
      'ATTENDANCE_SYNC_RETENTION_DAYS: must be longer than the attendance window (ATTENDANCE_PAST_WINDOW_DAYS + ATTENDANCE_FUTURE_WINDOW_H)',
    );
  }
  if (env.VNEID_NOT_FOUND_RATE + env.VNEID_MISMATCH_RATE > 1) {
    problems.push('VNEID_MISMATCH_RATE: VNEID_NOT_FOUND_RATE + VNEID_MISMATCH_RATE must not exceed 1');
  }
  if (env.VNEID_ERROR_RATE + env.VNEID_HANG_RATE > 1) {
    problems.push('VNEID_HANG_RATE: VNEID_ERROR_RATE + VNEID_HANG_RATE must not exceed 1');
  }
  problems.push(...signingKeyProblems(env));
  if (env.NODE_ENV === 'production' && raw.SMS_OUTBOX_VISIBLE === undefined) env.SMS_OUTBOX_VISIBLE = false;
  if (env.NODE_ENV === 'production') {
    for (const key of ['PII_ENCRYPTION_KEYS', 'PII_INDEX_KEY', 'JWT_SECRET', 'METRICS_TOKEN'] as const) {
      if (env[key] === DEVELOPMENT_KEYS[key]) problems.push(`${key}: must be set in production (the development default is public)`);
    }
  }
  if (problems.length > 0) throw new EnvValidationError(problems);
  return env;
}

/** What is wrong with the certificate-signing settings (the keys, the active kid, the development key in production). */
function signingKeyProblems(env: Env): string[] {
  let keys: SigningKeyJwk[];
  try {
    keys = parseSigningKeys(env.CERTIFICATE_SIGNING_KEYS);
  } catch (err) {
    return [`CERTIFICATE_SIGNING_KEYS: ${(err as Error).message}`];
  }
  const problems: string[] = [];
  if (!keys.some((k) => k.kid === env.CERTIFICATE_SIGNING_KEY_ID)) {
    problems.push('CERTIFICATE_SIGNING_KEY_ID: must be the kid of one of CERTIFICATE_SIGNING_KEYS');
  }
  if (env.NODE_ENV === 'production' && keys.some((k) => k.development)) {
    problems.push('CERTIFICATE_SIGNING_KEYS: must not hold the development key in production (it is public; `npm run keys` prints a new one)');
  }
  return problems;
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
