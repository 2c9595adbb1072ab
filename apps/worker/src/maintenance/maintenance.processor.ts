import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { JobName, QueueName, type JobPayloads } from '@hvs/platform';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';

export interface HeartbeatResult {
  processedAt: string;
  databaseTime: string;
}

/** Maintenance jobs. The heartbeat proves the whole path api → Redis → worker → PostgreSQL works. */
@Processor(QueueName.Maintenance)
export class MaintenanceProcessor extends WorkerHost {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async process(job: Job<JobPayloads[typeof JobName.WorkerHeartbeat]>): Promise<HeartbeatResult> {
    switch (job.name) {
      case JobName.WorkerHeartbeat: {
        const [row] = await this.dataSource.query('SELECT now() AS now');
        return { processedAt: new Date().toISOString(), databaseTime: new Date(row.now).toISOString() };
      }
      default:
        throw new Error(`unknown job ${job.name}`);
    }
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    // Redis going away is reported here (and by /health/ready); the worker keeps running and reconnects.
    this.logger.warn(`queue connection problem: ${err.message}`);
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, err: Error): void {
    this.logger.error(`job ${job?.name}:${job?.id} failed: ${err.message}`);
  }
}
