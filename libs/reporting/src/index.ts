// The public API of @hvs/reporting. Named exports only; everything else is internal
// (libs/testing/src/architecture/public-api.spec.ts).
export { ageBandOn } from './aggregates/coverage-cells';
export { CoverageAggregatesModule } from './aggregates/coverage-aggregates.module';
export { CoverageMaintenance } from './aggregates/coverage-maintenance';
export { CoverageRecount } from './aggregates/coverage-recount';
export { REWRITE_COUNTS_SQL } from './aggregates/projection-cells-sql';
export { COVERAGE_READ_SQL } from './figures/coverage-sql';
export { ReportingModule } from './reporting.module';
