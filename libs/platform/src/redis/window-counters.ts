import { Logger } from '@nestjs/common';
import type IORedis from 'ioredis';
import { createCommandClient } from './redis-connection';

/** A counter and the count at which it blocks. */
export interface CounterLimit {
  key: string;
  limit: number;
}

/**
 * Fixed-window counters in Redis, seen by every api instance: the mechanism of the login and
 * one-time-code throttles. A counter starts its window at its first hit and is gone when the window
 * ends. If Redis does not answer, nothing is counted and nothing is blocked (logged): availability
 * over throttling.
 */
export class WindowCounters {
  private readonly redis: IORedis;
  private readonly logger: Logger;

  constructor(
    redisUrl: string,
    private readonly name: string,
    private readonly windowSeconds: number,
  ) {
    this.redis = createCommandClient(redisUrl, name);
    this.logger = new Logger(name);
  }

  /** Seconds until every counter is below its limit again (0 when none is at its limit). */
  async waitFor(limits: readonly CounterLimit[]): Promise<number> {
    return this.failOpen(async () => {
      const tx = this.redis.multi();
      for (const { key } of limits) tx.get(key).ttl(key);
      const replies = ((await tx.exec()) ?? []).map(([, value]) => Number(value ?? 0));
      return Math.max(0, ...limits.map((l, i) => (replies[2 * i] >= l.limit ? replies[2 * i + 1] : 0)));
    }, 0);
  }

  /** Counts one more on each counter, then the seconds to wait if one is now over its limit. */
  async hit(limits: readonly CounterLimit[]): Promise<number> {
    return this.failOpen(async () => {
      const tx = this.redis.multi();
      for (const { key } of limits) tx.incr(key).expire(key, this.windowSeconds, 'NX').ttl(key);
      const replies = ((await tx.exec()) ?? []).map(([, value]) => Number(value ?? 0));
      return Math.max(0, ...limits.map((l, i) => (replies[3 * i] > l.limit ? replies[3 * i + 2] : 0)));
    }, 0);
  }

  async clear(key: string): Promise<void> {
    await this.failOpen(async () => {
      await this.redis.del(key);
    }, undefined);
  }

  close(): void {
    this.redis.disconnect();
  }

  private async failOpen<T>(work: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await work();
    } catch (err) {
      this.logger.warn(`${this.name} unavailable (Redis): ${(err as Error).message}`);
      return fallback;
    }
  }
}
