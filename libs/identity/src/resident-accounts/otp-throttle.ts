import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { AppError, createCommandClient, Env } from '@hvs/platform';
import type IORedis from 'ioredis';

/**
 * Limits of the one-time-code endpoints, within a window: codes requested per phone and per client
 * address (each request sends an SMS), and wrong codes per client address (each code also allows only
 * `attemptsPerCode` wrong tries).
 */
export const OTP_LIMITS = {
  requestsPerPhone: 3,
  requestsPerAddress: 30,
  verifyFailuresPerAddress: 30,
  attemptsPerCode: 5,
  windowSeconds: 15 * 60,
} as const;

const tooMany = (retryAfterSeconds: number, what: 'request' | 'verify') =>
  new AppError(
    429,
    'OTP_TOO_MANY_REQUESTS',
    what === 'request'
      ? `Bạn đã yêu cầu gửi mã xác thực quá nhiều lần. Vui lòng thử lại sau ${Math.ceil(retryAfterSeconds / 60)} phút.`
      : `Bạn đã nhập sai mã xác thực quá nhiều lần. Vui lòng thử lại sau ${Math.ceil(retryAfterSeconds / 60)} phút.`,
    { retryAfterSeconds },
  );

/**
 * Redis counters of the one-time-code endpoints, shared by every api instance (the pattern of the login
 * throttle). A phone is counted under its keyed hash, so Redis holds no phone number. If Redis does not
 * answer, nothing is blocked (logged): availability over throttling.
 */
@Injectable()
export class OtpThrottle implements OnModuleDestroy {
  private readonly logger = new Logger(OtpThrottle.name);
  private readonly redis: IORedis;
  private readonly prefix: string;

  constructor(env: Env) {
    this.redis = createCommandClient(env.REDIS_URL, 'hvs-otp-throttle');
    this.prefix = `${env.REDIS_PREFIX}:otp`;
  }

  /** Counts a code request; 429 OTP_TOO_MANY_REQUESTS once the phone or the address is over its limit. */
  async takeRequest(phoneIndex: Buffer, address: string): Promise<void> {
    const phoneKey = `${this.prefix}:requests:phone:${phoneIndex.subarray(0, 16).toString('base64url')}`;
    const addressKey = `${this.prefix}:requests:address:${address}`;
    try {
      const replies = (await this.redis
        .multi()
        .incr(phoneKey)
        .expire(phoneKey, OTP_LIMITS.windowSeconds, 'NX')
        .ttl(phoneKey)
        .incr(addressKey)
        .expire(addressKey, OTP_LIMITS.windowSeconds, 'NX')
        .ttl(addressKey)
        .exec()) as Array<[unknown, number]>;
      const [phoneCount, , phoneTtl, addressCount, , addressTtl] = replies.map(([, value]) => Number(value));
      const wait = Math.max(
        phoneCount > OTP_LIMITS.requestsPerPhone ? phoneTtl : 0,
        addressCount > OTP_LIMITS.requestsPerAddress ? addressTtl : 0,
      );
      if (wait > 0) throw tooMany(wait, 'request');
    } catch (err) {
      if (err instanceof AppError) throw err;
      this.logger.warn(`one-time code throttle unavailable (Redis): ${(err as Error).message}`);
    }
  }

  /** 429 OTP_TOO_MANY_REQUESTS when the address has entered too many wrong codes. */
  async assertVerifyAllowed(address: string): Promise<void> {
    const key = this.verifyKey(address);
    try {
      const [[, count], [, ttl]] = (await this.redis.multi().get(key).ttl(key).exec()) as Array<[unknown, string | number | null]>;
      if (Number(count ?? 0) >= OTP_LIMITS.verifyFailuresPerAddress && Number(ttl) > 0) throw tooMany(Number(ttl), 'verify');
    } catch (err) {
      if (err instanceof AppError) throw err;
      this.logger.warn(`one-time code throttle unavailable (Redis): ${(err as Error).message}`);
    }
  }

  async recordVerifyFailure(address: string): Promise<void> {
    const key = this.verifyKey(address);
    try {
      await this.redis.multi().incr(key).expire(key, OTP_LIMITS.windowSeconds, 'NX').exec();
    } catch (err) {
      this.logger.warn(`one-time code throttle unavailable (Redis): ${(err as Error).message}`);
    }
  }

  private verifyKey(address: string): string {
    return `${this.prefix}:verify-failures:address:${address}`;
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
