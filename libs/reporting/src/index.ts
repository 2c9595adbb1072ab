// The public API of @hvs/reporting. Named exports only; everything else is internal
// (libs/testing/src/architecture/public-api.spec.ts).
export { CoverageAggregatesModule } from './aggregates/coverage-aggregates.module';
export { CoverageMaintenance } from './aggregates/coverage-maintenance';
export { CoverageRecount } from './aggregates/coverage-recount';
export { ReportingModule } from './reporting.module';
