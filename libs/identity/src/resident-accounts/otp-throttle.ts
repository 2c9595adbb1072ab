import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AppError, Env, WindowCounters, type CounterLimit } from '@hvs/platform';

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
 * Redis counters of the one-time-code endpoints, shared by every api instance (WindowCounters, like the
 * login throttle). A phone is counted under its keyed hash, so Redis holds no phone number. If Redis
 * does not answer, nothing is blocked (logged): availability over throttling.
 */
@Injectable()
export class OtpThrottle implements OnModuleDestroy {
  private readonly counters: WindowCounters;
  private readonly prefix: string;

  constructor(env: Env) {
    this.counters = new WindowCounters(env.REDIS_URL, 'hvs-otp-throttle', OTP_LIMITS.windowSeconds);
    this.prefix = `${env.REDIS_PREFIX}:otp`;
  }

  /** Counts a code request; 429 OTP_TOO_MANY_REQUESTS once the phone or the address is over its limit. */
  async takeRequest(phoneIndex: Buffer, address: string): Promise<void> {
    const wait = await this.counters.hit([
      { key: `${this.prefix}:requests:phone:${phoneIndex.subarray(0, 16).toString('base64url')}`, limit: OTP_LIMITS.requestsPerPhone },
      { key: `${this.prefix}:requests:address:${address}`, limit: OTP_LIMITS.requestsPerAddress },
    ]);
    if (wait > 0) throw tooMany(wait, 'request');
  }

  /** 429 OTP_TOO_MANY_REQUESTS when the address has entered too many wrong codes. */
  async assertVerifyAllowed(address: string): Promise<void> {
    const wait = await this.counters.waitFor([this.verifyLimit(address)]);
    if (wait > 0) throw tooMany(wait, 'verify');
  }

  async recordVerifyFailure(address: string): Promise<void> {
    await this.counters.hit([this.verifyLimit(address)]);
  }

  private verifyLimit(address: string): CounterLimit {
    return { key: `${this.prefix}:verify-failures:address:${address}`, limit: OTP_LIMITS.verifyFailuresPerAddress };
  }

  onModuleDestroy(): void {
    this.counters.close();
  }
}
