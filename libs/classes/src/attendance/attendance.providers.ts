import type { Provider, Type } from '@nestjs/common';
import { AttendanceController } from './attendance.controller';
import { AttendanceRepository } from './attendance.repository';
import { AttendanceService } from './attendance.service';
import { SyncBatchRetention } from './sync-batch-retention';

/** The controllers and providers of attendance/ (marks, offline sync, history; completion input: ClassAttendanceSharesModule), registered by ClassesModule. */
export const ATTENDANCE_CONTROLLERS: Type<unknown>[] = [AttendanceController];
export const ATTENDANCE_PROVIDERS: Provider[] = [AttendanceRepository, AttendanceService, SyncBatchRetention];
