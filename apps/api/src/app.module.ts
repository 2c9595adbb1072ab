import { Module } from '@nestjs/common';
import { CertificateDocumentsModule, CertificateManagementModule, CertificateVerificationModule } from '@hvs/certificates';
import { ClassesModule } from '@hvs/classes';
import { GeographyModule } from '@hvs/geography';
import { IdentityModule } from '@hvs/identity';
import { LearningModule } from '@hvs/learning';
import { ReportingModule } from '@hvs/reporting';
import { AuditModule, ConfigModule, DatabaseModule, HealthModule, MetricsModule, OutboxModule, QueueModule, QueueName } from '@hvs/platform';
import { OperationsModule } from './operations/operations.module';

@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    AuditModule,
    OutboxModule,
    QueueModule,
    HealthModule.forRoot({ database: true, redis: true }),
    GeographyModule,
    IdentityModule,
    LearningModule,
    ClassesModule,
    CertificateManagementModule,
    CertificateVerificationModule,
    CertificateDocumentsModule,
    ReportingModule,
    MetricsModule.forRoot({ queues: [QueueName.Maintenance, QueueName.Certificates], outbox: true }),
    OperationsModule,
  ],
})
export class AppModule {}
