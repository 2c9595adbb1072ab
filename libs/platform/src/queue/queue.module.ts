import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import type { ConnectionOptions } from 'bullmq';
import { Env } from '../config/env';
import { redisOptionsFromUrl } from '../redis/redis-connection';
import { DEFAULT_JOB_OPTIONS } from './queues';

/** BullMQ's Redis connection for api and worker, with the deployment's key prefix. */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [Env],
      useFactory: (env: Env) => ({
        connection: redisOptionsFromUrl(env.REDIS_URL, {
          maxRetriesPerRequest: null,
          enableOfflineQueue: true,
        }) as ConnectionOptions,
        prefix: `${env.REDIS_PREFIX}:bull`,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      }),
    }),
  ],
  exports: [BullModule],
})
export class QueueModule {}
