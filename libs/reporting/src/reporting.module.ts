import { Module } from '@nestjs/common';
import { ClassesReadersModule } from '@hvs/classes';
import { GeographyModule } from '@hvs/geography';
import { AuditModule, TabularBodyParser } from '@hvs/platform';
import { ExportsController } from './exports/exports.controller';
import { CommuneDenominators } from './figures/commune-denominators';
import { CoverageReads } from './figures/coverage-reads';
import { FiguresController } from './figures/figures.controller';
import { FiguresService } from './figures/figures.service';
import { Periods } from './periods/periods';
import { PeriodsController } from './periods/periods.controller';
import { PopulationRepository } from './population/population.repository';
import { PopulationsController } from './population/populations.controller';
import { PopulationsService } from './population/populations.service';
import { TargetRepository } from './targets/target.repository';
import { TargetsController } from './targets/targets.controller';
import { TargetsService } from './targets/targets.service';

/**
 * Reporting: the certification rate of every unit against its target (docs/reporting.md): periods,
 * official adult populations and targets entered by province officers, and the figures, drill-downs,
 * trends, rankings and exports read from the coverage aggregates (kept by CoverageAggregatesModule in
 * the worker) — never from a scan of residents or certificates.
 */
@Module({
  imports: [GeographyModule, ClassesReadersModule, AuditModule],
  controllers: [PeriodsController, PopulationsController, TargetsController, FiguresController, ExportsController],
  providers: [
    TabularBodyParser,
    Periods,
    PopulationRepository,
    PopulationsService,
    TargetRepository,
    TargetsService,
    CoverageReads,
    CommuneDenominators,
    FiguresService,
  ],
})
export class ReportingModule {}
