import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SyncBatchRetention } from '@hvs/classes';
import { CoverageMaintenance } from '@hvs/reporting';
import { JobName, QueueName, type JobPayloads, type JobResults } from '@hvs/platform';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';

export type HeartbeatResult = JobResults[typeof JobName.WorkerHeartbeat];

type MaintenanceJob =
  | Job<JobPayloads[typeof JobName.WorkerHeartbeat]>
  | Job<JobPayloads[typeof JobName.PurgeSyncBatches]>
  | Job<JobPayloads[typeof JobName.RefreshAgeBands]>;

/**
 * Maintenance jobs: the heartbeat, which proves the whole path api → Redis → worker → PostgreSQL works,
 * and the daily purge of offline attendance batches' stored answers (MaintenanceSchedule).
 */
@Processor(QueueName.Maintenance)
export class MaintenanceProcessor extends WorkerHost {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly syncBatches: SyncBatchRetention,
    private readonly coverage: CoverageMaintenance,
  ) {
    super();
  }

  async process(job: MaintenanceJob): Promise<JobResults[JobName]> {
    switch (job.name) {
      case JobName.WorkerHeartbeat: {
        const [row] = await this.dataSource.query('SELECT now() AS now');
        return { processedAt: new Date().toISOString(), databaseTime: new Date(row.now).toISOString() };
      }
      case JobName.RefreshAgeBands: {
        const day = (job.data as JobPayloads[typeof JobName.RefreshAgeBands]).day;
        if (day !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`invalid "day": ${day}`);
        const moved = await (day === undefined ? this.coverage.refreshAgeBands() : this.coverage.refreshAgeBands(day));
        return { moved, day: day ?? 'today' };
      }
      case JobName.PurgeSyncBatches: {
        const at = (job.data as JobPayloads[typeof JobName.PurgeSyncBatches]).at;
        const now = at === undefined ? new Date() : new Date(at);
        if (Number.isNaN(now.getTime())) throw new Error(`invalid "at": ${at}`);
        return this.syncBatches.purge(now);
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
