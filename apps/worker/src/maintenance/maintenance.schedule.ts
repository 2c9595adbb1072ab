import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobName, QueueName } from '@hvs/platform';
import type { Queue } from 'bullmq';

/** The recurring maintenance jobs: id, when (cron, Vietnam time), and the job. */
export const MAINTENANCE_SCHEDULES = [
  { id: 'attendance-sync-batches-purge-daily', pattern: '17 2 * * *', name: JobName.PurgeSyncBatches, data: {} },
  // birthdays move residents between age bands (adult or not): just after midnight, Vietnam time
  { id: 'coverage-age-bands-daily', pattern: '0 0 * * *', name: JobName.RefreshAgeBands, data: {} },
] as const;
export const SCHEDULE_TZ = 'Asia/Ho_Chi_Minh';

/**
 * Registers the recurring jobs when a worker starts. `upsertJobScheduler` is idempotent: every worker
 * instance registers the same schedulers, Redis keeps one of each, and one worker runs each occurrence.
 */
@Injectable()
export class MaintenanceSchedule implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceSchedule.name);

  constructor(@InjectQueue(QueueName.Maintenance) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const s of MAINTENANCE_SCHEDULES) {
      await this.queue.upsertJobScheduler(s.id, { pattern: s.pattern, tz: SCHEDULE_TZ }, { name: s.name, data: s.data });
      this.logger.log(`scheduled ${s.name} (${s.pattern}, ${SCHEDULE_TZ})`);
    }
  }
}
