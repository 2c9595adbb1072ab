import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AttendanceMaintenanceModule, ClassAttendanceSharesModule } from '@hvs/classes';
import { ConfigModule, DatabaseModule, HealthModule, QueueModule, QueueName } from '@hvs/platform';
import { MaintenanceProcessor } from './maintenance/maintenance.processor';
import { MaintenanceSchedule } from './maintenance/maintenance.schedule';

/** The worker: BullMQ processors, plus /health/* on WORKER_PORT (no other HTTP). */
@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    QueueModule,
    BullModule.registerQueue({ name: QueueName.Maintenance }),
    HealthModule.forRoot({ database: true, redis: true }),
    AttendanceMaintenanceModule,
    // course completion, when the worker evaluates it, counts class attendance like the api
    ClassAttendanceSharesModule,
  ],
  providers: [MaintenanceProcessor, MaintenanceSchedule],
})
export class WorkerModule {}
