import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Env, WindowCounters } from '@hvs/platform';
import { VerificationErrors } from './verification-errors';

/** Verification requests allowed per client address within the window (GET and POST together). */
export const VERIFY_LIMITS = { perAddress: 60, windowSeconds: 60 } as const;

/**
 * Slows down anyone walking through serials: public verification counts every request per client
 * address in Redis (the same WindowCounters as the login throttle, so every api instance shares them)
 * and answers 429 VERIFY_TOO_MANY_REQUESTS with Retry-After past the limit. If Redis does not answer,
 * nothing is blocked (availability over throttling).
 */
@Injectable()
export class VerificationThrottle implements OnModuleDestroy {
  private readonly counters: WindowCounters;
  private readonly prefix: string;

  constructor(env: Env) {
    this.counters = new WindowCounters(env.REDIS_URL, 'hvs-verify-throttle', VERIFY_LIMITS.windowSeconds);
    this.prefix = `${env.REDIS_PREFIX}:verify`;
  }

  async hit(address: string | undefined): Promise<void> {
    const wait = await this.counters.hit([{ key: `${this.prefix}:address:${address ?? 'unknown'}`, limit: VERIFY_LIMITS.perAddress }]);
    if (wait > 0) throw VerificationErrors.tooManyRequests(wait);
  }

  onModuleDestroy(): void {
    this.counters.close();
  }
}
