import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobName, QueueName } from '@hvs/platform';
import type { Queue } from 'bullmq';
import { SCHEDULE_TZ } from '../maintenance/maintenance.schedule';

/** Reconciliation with the partner, daily at 03:41 Vietnam time, reporting only (fixing is an administrator's choice). */
export const RECONCILE_SCHEDULE = { id: 'certificate-reconcile-daily', pattern: '41 3 * * *' } as const;

/** Registers the daily reconciliation (idempotent: every worker registers the same scheduler, Redis keeps one). */
@Injectable()
export class CertificateReconcileSchedule implements OnApplicationBootstrap {
  private readonly logger = new Logger(CertificateReconcileSchedule.name);

  constructor(@InjectQueue(QueueName.Certificates) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      RECONCILE_SCHEDULE.id,
      { pattern: RECONCILE_SCHEDULE.pattern, tz: SCHEDULE_TZ },
      { name: JobName.ReconcileCertificates, data: { fix: false, requestedBy: null }, opts: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 } } },
    );
    this.logger.log(`scheduled ${JobName.ReconcileCertificates} (${RECONCILE_SCHEDULE.pattern}, ${SCHEDULE_TZ})`);
  }
}
