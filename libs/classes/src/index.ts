// The public API of @hvs/classes: the modules the api and worker import, and the attendance retention job.
// Named exports only; everything else is internal (libs/testing/src/architecture/public-api.spec.ts).
export { ClassAttendanceShares, ClassAttendanceSharesModule } from './attendance/class-attendance-shares';
export { AttendanceMaintenanceModule, SyncBatchRetention } from './attendance/sync-batch-retention';
export { ClassIdPipe } from './classes/class-access';
export { ClassesModule } from './classes.module';
export { ClassDirectory, type ClassListing, ClassesReadersModule, ParticipationFacts } from './classes/participation-facts';
