import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GeographyModule } from '@hvs/geography';
import { IdentityModule, ResidentReadersModule } from '@hvs/identity';
import { LearningModule } from '@hvs/learning';
import { ATTENDANCE_CONTROLLERS, ATTENDANCE_PROVIDERS } from './attendance/attendance.providers';
import { ClassAttendanceSharesModule } from './attendance/class-attendance-shares';
import { ClassStaffEntity } from './classes/class-staff.entity';
import { ClassEntity } from './classes/class.entity';
import { EnrolmentEntity } from './classes/enrolment.entity';
import { SessionEntity } from './classes/session.entity';
import { CLASSES_CONTROLLERS, CLASSES_PROVIDERS } from './classes/classes.providers';

/**
 * Village classes: classes, their staff and enrolments, sessions and home visits (classes/), and
 * attendance with offline sync, conflicts and history (attendance/), which feeds the course completion
 * rule of learning.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ClassEntity, ClassStaffEntity, EnrolmentEntity, SessionEntity]), GeographyModule, IdentityModule, ResidentReadersModule, LearningModule, ClassAttendanceSharesModule],
  controllers: [...CLASSES_CONTROLLERS, ...ATTENDANCE_CONTROLLERS],
  providers: [...CLASSES_PROVIDERS, ...ATTENDANCE_PROVIDERS],
  exports: [...CLASSES_PROVIDERS, ...ATTENDANCE_PROVIDERS],
})
export class ClassesModule {}
