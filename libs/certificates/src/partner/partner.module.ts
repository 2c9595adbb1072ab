import { type BeforeApplicationShutdown, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Env } from '@hvs/platform';
import { PartnerClient } from './partner-client';
import { LocalPause, RedisRateLimiter } from './rate-limiter';

/** The Redis key of the shared partner rate limiter (under the deployment's prefix). */
export function partnerLimiterKey(redisPrefix: string): string {
  return `${redisPrefix}:vneid:rate`;
}

/** The partner client built from the settings, its rate limiter shared through Redis by every process. */
export function partnerClientFromEnv(env: Env): PartnerClient {
  return new PartnerClient({
    baseUrl: env.VNEID_BASE_URL,
    clientId: env.VNEID_CLIENT_ID,
    clientSecret: env.VNEID_CLIENT_SECRET,
    timeoutMs: env.VNEID_TIMEOUT_MS,
    limiter: env.VNEID_CLIENT_RPS > 0 ? new RedisRateLimiter(env.REDIS_URL, partnerLimiterKey(env.REDIS_PREFIX), env.VNEID_CLIENT_RPS) : new LocalPause(),
  });
}

@Module({
  providers: [{ provide: PartnerClient, inject: [Env], useFactory: partnerClientFromEnv }],
  exports: [PartnerClient],
})
export class PartnerModule implements BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(@Inject(PartnerClient) private readonly client: PartnerClient) {}

  /** Before the queue workers close (they wait for their active jobs): those jobs stop waiting on the partner. */
  beforeApplicationShutdown(): void {
    this.client.stopWaiting();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
