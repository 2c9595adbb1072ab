import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobName, jobId, QueueName, VIETNAM_TZ, vietnamToday } from '@hvs/platform';
import type { Queue } from 'bullmq';

/** The recurring maintenance jobs: id, when (cron, Vietnam time), and the job. */
export const MAINTENANCE_SCHEDULES = [
  { id: 'attendance-sync-batches-purge-daily', pattern: '17 2 * * *', name: JobName.PurgeSyncBatches, data: {} },
  // birthdays move residents between age bands (adult or not): just after midnight, Vietnam time
  { id: 'coverage-age-bands-daily', pattern: '0 0 * * *', name: JobName.RefreshAgeBands, data: {} },
] as const;
export const SCHEDULE_TZ = VIETNAM_TZ;

/** The id of the age-band refresh a starting worker runs for `day`: one per Vietnam day, however many workers start. */
export function ageBandsCatchUpJobId(day: string): string {
  return jobId(JobName.RefreshAgeBands, `catch-up-${day}`);
}

/**
 * Registers the recurring jobs when a worker starts. `upsertJobScheduler` is idempotent: every worker
 * instance registers the same schedulers, Redis keeps one of each, and one worker runs each occurrence.
 * It also catches up the day's age-band refresh: a worker that was down at midnight would otherwise
 * leave the day's birthdays out of the figures until the next midnight. The refresh moves only the
 * residents whose change is due and not yet made, so running it again is harmless; the job id (one per
 * Vietnam day) keeps workers starting together to one run.
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
    const day = vietnamToday();
    await this.queue.add(JobName.RefreshAgeBands, { day }, { jobId: ageBandsCatchUpJobId(day) });
  }
}
