import { Logger } from '@nestjs/common';
import IORedis from 'ioredis';
import { redisOptionsFromUrl } from '@hvs/platform';

/**
 * A slot reservation in Redis (GCRA-like, no burst): every caller of every process reserves the next
 * free moment, `1000 / rps` ms after the previous reservation, and is told how long to wait for it.
 * Callers are thus spaced evenly and never exceed `rps` in any second, all processes together. Redis's
 * clock is used, so the processes' clocks do not matter.
 */
const RESERVE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local interval = tonumber(ARGV[1])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = tat
if start < now then start = now end
local nextAt = start + interval
redis.call('SET', KEYS[1], string.format('%.3f', nextAt), 'PX', math.ceil(nextAt - now) + 1000)
return math.floor(start - now)
`;

/** Pushes the next free slot to at least `ms` from now (the partner said 429: every process holds back). */
const PAUSE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local untilAt = now + tonumber(ARGV[1])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < untilAt then
  redis.call('SET', KEYS[1], string.format('%.3f', untilAt), 'PX', math.ceil(untilAt - now) + 1000)
end
return 1
`;

export interface RateLimiter {
  /** Resolves when the caller may send its request (waits for its slot; never refuses). */
  acquire(signal?: AbortSignal): Promise<void>;
  /** No slot for anyone before `ms` from now (after a 429). */
  pause(ms: number): Promise<void>;
  close(): Promise<void>;
}

/** No limit (rps = 0); a pause is kept in this process only. */
export class LocalPause implements RateLimiter {
  private until = 0;
  async acquire(signal?: AbortSignal): Promise<void> {
    const wait = this.until - Date.now();
    if (wait > 0) await sleep(wait, signal);
  }
  async pause(ms: number): Promise<void> {
    this.until = Math.max(this.until, Date.now() + ms);
  }
  async close(): Promise<void> {}
}

type ReservingRedis = IORedis & {
  hvsReserveSlot(key: string, intervalMs: string): Promise<number>;
  hvsPauseSlots(key: string, ms: string): Promise<number>;
};

/** The shared limiter of partner calls (VNEID_CLIENT_RPS across every worker process). */
export class RedisRateLimiter implements RateLimiter {
  private readonly logger = new Logger(RedisRateLimiter.name);
  private readonly redis: ReservingRedis;
  private readonly intervalMs: number;
  /** Used only while Redis does not answer: this process spaces its own calls. */
  private localNext = 0;

  constructor(
    redisUrl: string,
    private readonly key: string,
    rps: number,
  ) {
    if (!(rps > 0)) throw new Error('RedisRateLimiter needs a positive rate');
    this.intervalMs = 1000 / rps;
    const redis = new IORedis(
      redisOptionsFromUrl(redisUrl, { connectionName: 'hvs-partner-limiter', maxRetriesPerRequest: 1, enableOfflineQueue: true, connectTimeout: 2000 }),
    );
    redis.on('error', () => undefined);
    redis.defineCommand('hvsReserveSlot', { numberOfKeys: 1, lua: RESERVE_SCRIPT });
    redis.defineCommand('hvsPauseSlots', { numberOfKeys: 1, lua: PAUSE_SCRIPT });
    this.redis = redis as ReservingRedis;
  }

  async acquire(signal?: AbortSignal): Promise<void> {
    let waitMs: number;
    try {
      waitMs = Number(await this.redis.hvsReserveSlot(this.key, this.intervalMs.toFixed(3)));
    } catch (err) {
      this.logger.warn(`rate limiter: Redis did not answer (${(err as Error).message}); spacing this process's calls alone`);
      const now = Date.now();
      const start = Math.max(now, this.localNext);
      this.localNext = start + this.intervalMs;
      waitMs = start - now;
    }
    if (waitMs > 0) await sleep(waitMs, signal);
  }

  async pause(ms: number): Promise<void> {
    this.localNext = Math.max(this.localNext, Date.now() + ms);
    await this.redis.hvsPauseSlots(this.key, String(Math.max(0, Math.round(ms)))).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
