import { createHash } from 'node:crypto';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { AppError, createCommandClient, Env } from '@hvs/platform';
import type IORedis from 'ioredis';

/** Failed logins allowed per account, and per client address, within the window. */
export const LOGIN_LIMITS = { perAccount: 5, perAddress: 30, windowSeconds: 15 * 60 } as const;

/**
 * Slows down password guessing: after too many failed logins for one account or from one address in
 * 15 minutes, logins are refused with 429 and the time to wait. Counters live in Redis, so every api
 * instance sees the same ones. A successful login clears the account's counter. If Redis does not
 * answer, logins are not blocked (the failure is logged): availability over throttling.
 */
@Injectable()
export class LoginThrottle implements OnModuleDestroy {
  private readonly logger = new Logger(LoginThrottle.name);
  private readonly redis: IORedis;
  private readonly prefix: string;

  constructor(env: Env) {
    this.redis = createCommandClient(env.REDIS_URL, 'hvs-login-throttle');
    this.prefix = `${env.REDIS_PREFIX}:login-failures`;
  }

  private keys(username: string, address: string): [string, string] {
    const account = createHash('sha256').update(username.trim().toLowerCase()).digest('base64url');
    return [`${this.prefix}:account:${account}`, `${this.prefix}:address:${address}`];
  }

  /** Throws 429 TOO_MANY_LOGIN_ATTEMPTS when either counter is at its limit. */
  async assertAllowed(username: string, address: string): Promise<void> {
    const [accountKey, addressKey] = this.keys(username, address);
    try {
      const [[, accountCount], [, accountTtl], [, addressCount], [, addressTtl]] = (await this.redis
        .multi()
        .get(accountKey)
        .ttl(accountKey)
        .get(addressKey)
        .ttl(addressKey)
        .exec()) as Array<[unknown, string | number | null]>;
      const waits = [
        Number(accountCount ?? 0) >= LOGIN_LIMITS.perAccount ? Number(accountTtl) : 0,
        Number(addressCount ?? 0) >= LOGIN_LIMITS.perAddress ? Number(addressTtl) : 0,
      ];
      const retryAfterSeconds = Math.max(...waits);
      if (retryAfterSeconds > 0) {
        throw new AppError(
          429,
          'TOO_MANY_LOGIN_ATTEMPTS',
          `Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${Math.ceil(retryAfterSeconds / 60)} phút.`,
          { retryAfterSeconds },
        );
      }
    } catch (err) {
      if (err instanceof AppError) throw err;
      this.logger.warn(`login throttle unavailable (Redis): ${(err as Error).message}`);
    }
  }

  async recordFailure(username: string, address: string): Promise<void> {
    const [accountKey, addressKey] = this.keys(username, address);
    try {
      await this.redis
        .multi()
        .incr(accountKey)
        .expire(accountKey, LOGIN_LIMITS.windowSeconds, 'NX')
        .incr(addressKey)
        .expire(addressKey, LOGIN_LIMITS.windowSeconds, 'NX')
        .exec();
    } catch (err) {
      this.logger.warn(`login throttle unavailable (Redis): ${(err as Error).message}`);
    }
  }

  async recordSuccess(username: string, address: string): Promise<void> {
    try {
      await this.redis.del(this.keys(username, address)[0]);
    } catch (err) {
      this.logger.warn(`login throttle unavailable (Redis): ${(err as Error).message}`);
    }
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
