// The public API of @hvs/reporting. Named exports only; everything else is internal
// (libs/testing/src/architecture/public-api.spec.ts).
export { ReportingModule } from './reporting.module';
