import { Module } from '@nestjs/common';
import { CertificateReadersModule } from '@hvs/certificates';
import { ClassesReadersModule } from '@hvs/classes';
import { ResidentReadersModule } from '@hvs/identity';
import { LearningReadersModule } from '@hvs/learning';
import { CoverageConsumers } from './coverage-consumers';
import { CoverageMaintenance } from './coverage-maintenance';
import { CoverageProjector } from './coverage-projector';
import { CoverageRecount } from './coverage-recount';
import { CoverageRepository } from './coverage.repository';

/**
 * The coverage aggregates (docs/reporting.md): the outbox consumers that keep them (they run where the
 * outbox dispatcher runs: the worker), the birthday refresh, the rebuild and the recount.
 * Needs OutboxModule in the app.
 */
@Module({
  imports: [ResidentReadersModule, ClassesReadersModule, LearningReadersModule, CertificateReadersModule],
  providers: [CoverageRepository, CoverageProjector, CoverageConsumers, CoverageMaintenance, CoverageRecount],
  exports: [CoverageRepository, CoverageMaintenance, CoverageRecount],
})
export class CoverageAggregatesModule {}
