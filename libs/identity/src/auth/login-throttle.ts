import { createHash } from 'node:crypto';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AppError, Env, WindowCounters, type CounterLimit } from '@hvs/platform';

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
  private readonly counters: WindowCounters;
  private readonly prefix: string;

  constructor(env: Env) {
    this.counters = new WindowCounters(env.REDIS_URL, 'hvs-login-throttle', LOGIN_LIMITS.windowSeconds);
    this.prefix = `${env.REDIS_PREFIX}:login-failures`;
  }

  private limits(username: string, address: string): [CounterLimit, CounterLimit] {
    const account = createHash('sha256').update(username.trim().toLowerCase()).digest('base64url');
    return [
      { key: `${this.prefix}:account:${account}`, limit: LOGIN_LIMITS.perAccount },
      { key: `${this.prefix}:address:${address}`, limit: LOGIN_LIMITS.perAddress },
    ];
  }

  /** Throws 429 TOO_MANY_LOGIN_ATTEMPTS when either counter is at its limit. */
  async assertAllowed(username: string, address: string): Promise<void> {
    const retryAfterSeconds = await this.counters.waitFor(this.limits(username, address));
    if (retryAfterSeconds > 0) {
      throw new AppError(
        429,
        'TOO_MANY_LOGIN_ATTEMPTS',
        `Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${Math.ceil(retryAfterSeconds / 60)} phút.`,
        { retryAfterSeconds },
      );
    }
  }

  async recordFailure(username: string, address: string): Promise<void> {
    await this.counters.hit(this.limits(username, address));
  }

  async recordSuccess(username: string, address: string): Promise<void> {
    await this.counters.clear(this.limits(username, address)[0].key);
  }

  onModuleDestroy(): void {
    this.counters.close();
  }
}
