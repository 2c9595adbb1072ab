import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type IORedis from 'ioredis';
import { Env } from '../config/env';
import { createCommandClient } from '../redis/redis-connection';

@Injectable()
export class RedisHealthIndicator implements OnModuleDestroy {
  private readonly client: IORedis;

  constructor(
    env: Env,
    private readonly indicators: HealthIndicatorService,
  ) {
    this.client = createCommandClient(env.REDIS_URL, `${process.title}-health`);
  }

  ping() {
    return this.indicators
      .check('redis')
      .attempt(async () => {
        const answer = await this.client.ping();
        if (answer !== 'PONG') throw new Error(`unexpected answer ${answer}`);
      })
      .withTimeout(1500);
  }

  async onModuleDestroy(): Promise<void> {
    this.client.disconnect();
  }
}
