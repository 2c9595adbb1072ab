import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { CertificatesModule, IssuingModule } from '@hvs/certificates';
import { AttendanceMaintenanceModule, ClassAttendanceSharesModule } from '@hvs/classes';
import { CoverageAggregatesModule } from '@hvs/reporting';
import { ConfigModule, DatabaseModule, HealthModule, MetricsModule, OutboxModule, QueueModule, QueueName } from '@hvs/platform';
import { CertificateIssueProcessor } from './certificates/certificate-issue.processor';
import { CertificateReconcileSchedule } from './certificates/certificate-reconcile.schedule';
import { CertificateRelayLoop } from './certificates/certificate-relay.loop';
import { WorkerMetricsController } from './metrics/worker-metrics.controller';
import { MaintenanceProcessor } from './maintenance/maintenance.processor';
import { MaintenanceSchedule } from './maintenance/maintenance.schedule';
import { OutboxPoller } from './outbox/outbox-poller';

/** The worker: BullMQ processors, plus /health/* and /metrics on WORKER_PORT (no other HTTP). */
@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    OutboxModule,
    QueueModule,
    BullModule.registerQueue({ name: QueueName.Maintenance }, { name: QueueName.Certificates }),
    HealthModule.forRoot({ database: true, redis: true }),
    AttendanceMaintenanceModule,
    // course completion, when the worker evaluates it, counts class attendance like the api
    ClassAttendanceSharesModule,
    CertificatesModule,
    IssuingModule,
    // the coverage aggregates' outbox consumers and their daily birthday refresh
    CoverageAggregatesModule,
    MetricsModule.forRoot({ queues: [QueueName.Maintenance, QueueName.Certificates], outbox: true }),
  ],
  controllers: [WorkerMetricsController],
  providers: [MaintenanceProcessor, MaintenanceSchedule, OutboxPoller, CertificateRelayLoop, CertificateIssueProcessor, CertificateReconcileSchedule],
})
export class WorkerModule {}
