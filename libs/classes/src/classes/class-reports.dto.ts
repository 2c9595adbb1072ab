import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import { ATTENDANCE_STATUSES } from '../attendance/mark-rules';
import { CLASS_STATUSES, type ClassStatus } from './class.entity';
import { SESSION_KINDS, SESSION_STATUSES, type SessionKind, type SessionStatus } from './session.entity';
import { LessonRefView } from './sessions.dto';

export class CommuneSummaryQuery {
  @ApiProperty({ example: '06673', description: 'Commune (5 digits) in your scope' })
  @Matches(/^[0-9]{5}$/, { message: 'phải là mã xã/phường (5 chữ số)' })
  communeCode!: string;
}

export class ClassQuestionStatsQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "Only attempts at this quiz of the class's course version" })
  @IsOptional()
  @IsUUID()
  quizId?: string;
}

export class RosterSessionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty() number!: number;
  @ApiProperty({ enum: SESSION_KINDS }) kind!: SessionKind;
  @ApiProperty({ enum: SESSION_STATUSES }) status!: SessionStatus;
  @ApiProperty({ type: LessonRefView, isArray: true }) lessons!: LessonRefView[];
}

export class RosterClassView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class RosterMarkView {
  @ApiProperty({ enum: ATTENDANCE_STATUSES }) status!: string;
  @ApiProperty({ nullable: true, type: String }) remark!: string | null;
  @ApiProperty({ description: 'When the device recorded it', format: 'date-time' }) deviceTime!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) recordedBy!: string | null;
}

export class RosterResidentView {
  @ApiProperty({ format: 'uuid' }) residentId!: string;
  @ApiProperty({ description: 'In full: the class staff call people by name' }) fullName!: string;
  @ApiProperty() birthYear!: number;
  @ApiProperty({ nullable: true, type: String }) villageName!: string | null;
  @ApiProperty() fromElsewhere!: boolean;
  @ApiProperty({ type: RosterMarkView, nullable: true }) attendance!: RosterMarkView | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Share (0..1) of the class sessions held so far on their roster that they attended (present or late); null before any' })
  attendanceRate!: number | null;
  @ApiProperty({ description: 'Lessons of the class\'s course version completed' }) lessonsCompleted!: number;
}

export class RosterView {
  @ApiProperty({ type: RosterSessionView }) session!: RosterSessionView;
  @ApiProperty({ type: RosterClassView }) class!: RosterClassView;
  @ApiProperty({ type: RosterResidentView, isArray: true, description: 'Sorted by name (Vietnamese order)' }) residents!: RosterResidentView[];
}

export class ClassSummaryView {
  @ApiProperty({ format: 'uuid' }) classId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: CLASS_STATUSES }) status!: ClassStatus;
  @ApiProperty() communeCode!: string;
  @ApiProperty({ nullable: true, type: String }) villageCode!: string | null;
  @ApiProperty({ description: 'People enrolled now' }) enrolled!: number;
  @ApiProperty({ description: 'People who withdrew and are not enrolled again' }) withdrawn!: number;
  @ApiProperty({ description: 'Class sessions held so far (day on or before today)' }) sessionsHeld!: number;
  @ApiProperty({ description: 'Home visits recorded' }) homeVisits!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Mean attendance rate of the people enrolled now (those with a session held)' })
  averageAttendanceRate!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'minAttendanceShare of the course version\'s completion rule' }) minAttendanceShare!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'People enrolled now whose attendance rate meets minAttendanceShare (null without that rule)' })
  meetingAttendanceShare!: number | null;
  @ApiProperty({ description: 'Course completions credited to this class' }) completions!: number;
}

export class CommuneClassesSummaryView {
  @ApiProperty() communeCode!: string;
  @ApiProperty() communeName!: string;
  @ApiProperty({ type: ClassSummaryView, isArray: true }) items!: ClassSummaryView[];
}
