import { Module } from '@nestjs/common';
import { CertificateDocumentsModule, CertificateManagementModule, CertificateVerificationModule } from '@hvs/certificates';
import { ClassesModule } from '@hvs/classes';
import { GeographyModule } from '@hvs/geography';
import { IdentityModule } from '@hvs/identity';
import { LearningModule } from '@hvs/learning';
import { AuditModule, ConfigModule, DatabaseModule, HealthModule, OutboxModule, QueueModule } from '@hvs/platform';

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
  ],
})
export class AppModule {}
