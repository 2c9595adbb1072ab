import type { Provider, Type } from '@nestjs/common';
import { ClassAccess } from './class-access';
import { ClassReportRepository } from './class-report.repository';
import { ClassReportsService } from './class-reports.service';
import { ClassStaffRepository } from './class-staff.repository';
import { ClassRepository } from './class.repository';
import { EnrolmentRepository } from './enrolment.repository';
import { SessionRepository } from './session.repository';
import { ClassesController } from './classes.controller';
import { ClassesService } from './classes.service';
import { EnrolmentsController } from './enrolments.controller';
import { EnrolmentsService } from './enrolments.service';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

/** The controllers and providers of classes/ (classes, staff, enrolments, sessions, rosters, exports), registered by ClassesModule. */
export const CLASSES_CONTROLLERS: Type<unknown>[] = [ClassesController, EnrolmentsController, SessionsController];
export const CLASSES_PROVIDERS: Provider[] = [
  ClassRepository,
  ClassStaffRepository,
  EnrolmentRepository,
  SessionRepository,
  ClassReportRepository,
  ClassAccess,
  ClassesService,
  EnrolmentsService,
  SessionsService,
  ClassReportsService,
];
