import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { VILLAGE_CODE } from '@hvs/geography';
import { ResidentDetailView } from '@hvs/identity';
import { KeysetPageQuery } from '@hvs/platform';
import { CLASS_STATUSES, type ClassStatus, type SessionKind, type SessionStatus, type StaffKind } from './class.entities';
import { DATE_FORMAT, TIME_FORMAT } from './class-rules';

const oneLine = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFC').replace(/\s+/g, ' ').trim() : value);
const text = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFC').trim() : value);

export const MAX_INSTRUCTORS = 20;
export const MAX_VOLUNTEERS = 50;
export const MAX_ENROLMENT_ITEMS = 200;
export const MAX_SESSION_LESSONS = 50;
const SESSION_STATUSES: readonly SessionStatus[] = ['open', 'closed'];
const SESSION_KINDS: readonly SessionKind[] = ['class', 'home_visit'];
const ATTENDANCE_STATUSES = ['present', 'late', 'excused', 'absent'] as const;

/** A date YYYY-MM-DD that exists in the calendar. */
function IsDay(): PropertyDecorator {
  return (target, key) => {
    IsISO8601({ strict: true }, { message: 'phải là một ngày có thật trong lịch (YYYY-MM-DD)' })(target, key);
    Matches(DATE_FORMAT, { message: 'phải là ngày theo định dạng YYYY-MM-DD' })(target, key);
  };
}

function IsTimeOfDay(): PropertyDecorator {
  return (target, key) => Matches(TIME_FORMAT, { message: 'phải là giờ theo định dạng HH:MM' })(target, key);
}

// ---- classes ----

export class CreateClassBody {
  @ApiProperty({ example: '06673', description: 'The commune (5 digits) the class belongs to' })
  @Matches(/^[0-9]{5}$/, { message: 'phải là mã xã/phường (5 chữ số)' })
  communeCode!: string;

  @ApiPropertyOptional({ example: '06673-0001', description: 'A village of that commune; none: the class is held at the commune (its cultural house)' })
  @IsOptional()
  @Matches(VILLAGE_CODE, { message: 'phải là mã thôn/tổ dân phố (ví dụ 06673-0001)' })
  villageCode?: string;

  @ApiProperty({ example: 'Lớp kỹ năng số tổ 3 — buổi tối', maxLength: 120 })
  @IsString()
  @Transform(oneLine)
  @MinLength(1)
  @MaxLength(120)
  name!: string;

  @ApiProperty({ format: 'uuid', description: 'A published version of a course offered in the class\'s province (or nationally)' })
  @IsUUID()
  courseVersionId!: string;

  @ApiProperty({ minimum: 1, maximum: 500, example: 40 })
  @IsInt()
  @Min(1)
  @Max(500)
  capacity!: number;

  @ApiPropertyOptional({ example: 'Tối thứ Ba và thứ Năm, 19:00–20:30', maxLength: 500 })
  @IsOptional()
  @IsString()
  @Transform(text)
  @MaxLength(500)
  schedule?: string;

  @ApiPropertyOptional({ example: 'Nhà văn hóa tổ 3', maxLength: 200, description: 'Default: the cultural house of the village, or of the commune' })
  @IsOptional()
  @IsString()
  @Transform(oneLine)
  @MaxLength(200)
  place?: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-03-02' }) @IsOptional() @IsDay() startsOn?: string;
  @ApiPropertyOptional({ format: 'date', example: '2026-04-30' }) @IsOptional() @IsDay() endsOn?: string;

  @ApiProperty({ type: String, format: 'uuid', isArray: true, description: 'Instructor accounts of the class\'s commune (at least one)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_INSTRUCTORS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  instructorIds!: string[];

  @ApiPropertyOptional({ type: String, format: 'uuid', isArray: true, description: 'Volunteers: instructor-role accounts of the commune too' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_VOLUNTEERS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  volunteerIds?: string[];
}

export class ListClassesQuery extends KeysetPageQuery {
  @ApiPropertyOptional({ description: 'Commune (5 digits); default: the whole of your scope' })
  @IsOptional()
  @Matches(/^[0-9]{5}$/, { message: 'phải là mã xã/phường (5 chữ số)' })
  communeCode?: string;

  @ApiPropertyOptional({ description: 'Village code: the classes held in that village' })
  @IsOptional()
  @Matches(VILLAGE_CODE, { message: 'phải là mã thôn/tổ dân phố (ví dụ 06673-0001)' })
  villageCode?: string;

  @ApiPropertyOptional({ enum: CLASS_STATUSES })
  @IsOptional()
  @IsIn(CLASS_STATUSES)
  status?: ClassStatus;
}

/** Changes to a class: only the fields sent change; `null` clears a date. */
export class UpdateClassBody {
  @ApiPropertyOptional({ maxLength: 120 }) @IsOptional() @IsString() @Transform(oneLine) @MinLength(1) @MaxLength(120) name?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 500, description: 'Not below the number of people enrolled now (409)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  capacity?: number;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @Transform(text) @MaxLength(500) schedule?: string;
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @Transform(oneLine) @MaxLength(200) place?: string;
  @ApiPropertyOptional({ format: 'date', nullable: true, type: String }) @IsOptional() @ValidateIf((_o, v) => v !== null) @IsDay() startsOn?: string | null;
  @ApiPropertyOptional({ format: 'date', nullable: true, type: String }) @IsOptional() @ValidateIf((_o, v) => v !== null) @IsDay() endsOn?: string | null;
  @ApiPropertyOptional({ enum: CLASS_STATUSES, description: 'planned → open → completed; planned or open → cancelled (else 409 INVALID_STATUS_CHANGE)' })
  @IsOptional()
  @IsIn(CLASS_STATUSES)
  status?: ClassStatus;
}

export class SetStaffBody {
  @ApiProperty({ type: String, format: 'uuid', isArray: true, description: 'Instructor accounts of the class\'s commune (at least one)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_INSTRUCTORS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  instructorIds!: string[];

  @ApiPropertyOptional({ type: String, format: 'uuid', isArray: true, default: [], description: 'Volunteers (instructor-role accounts of the commune)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_VOLUNTEERS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  volunteerIds?: string[];
}

export class CommuneSummaryQuery {
  @ApiProperty({ example: '06673', description: 'Commune (5 digits) in your scope' })
  @Matches(/^[0-9]{5}$/, { message: 'phải là mã xã/phường (5 chữ số)' })
  communeCode!: string;
}

// ---- enrolments ----

export class EnrolBody {
  @ApiPropertyOptional({ type: String, format: 'uuid', isArray: true, description: 'Residents in your scope' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ENROLMENT_ITEMS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  residentIds?: string[];

  @ApiPropertyOptional({
    type: String,
    isArray: true,
    example: ['022158001234'],
    description: '12-digit CCCD numbers of people registered anywhere (people from elsewhere); a malformed one is rejected on its own (CCCD_FORMAT)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ENROLMENT_ITEMS)
  @IsString({ each: true })
  @MaxLength(20, { each: true })
  cccds?: string[];
}

export class WithdrawBody {
  @ApiPropertyOptional({ maxLength: 300, example: 'Chuyển đi làm ăn xa' })
  @IsOptional()
  @IsString()
  @Transform(oneLine)
  @MaxLength(300)
  reason?: string;
}

// ---- sessions ----

class SessionFields {
  @ApiPropertyOptional({ example: '07:30', description: 'HH:MM' }) @IsOptional() @ValidateIf((_o, v) => v !== null) @IsTimeOfDay() startsAt?: string | null;
  @ApiPropertyOptional({ example: '09:00', description: 'HH:MM, after startsAt' }) @IsOptional() @ValidateIf((_o, v) => v !== null) @IsTimeOfDay() endsAt?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', isArray: true, description: 'Lessons of the class\'s course version covered' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_SESSION_LESSONS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  lessonIds?: string[];

  @ApiPropertyOptional({ maxLength: 200, description: 'Default: the class\'s place' }) @IsOptional() @IsString() @Transform(oneLine) @MaxLength(200) place?: string;
  @ApiPropertyOptional({ maxLength: 1000 }) @IsOptional() @IsString() @Transform(text) @MaxLength(1000) note?: string;
}

export class CreateSessionBody extends SessionFields {
  @ApiPropertyOptional({ format: 'date', description: 'Default: today in Vietnam (Asia/Ho_Chi_Minh)' })
  @IsOptional()
  @IsDay()
  date?: string;
}

/** Changes to a session (its day and number stay): only the fields sent change; `null` clears a time. */
export class UpdateSessionBody extends SessionFields {}

export class HomeVisitBody extends CreateSessionBody {
  @ApiProperty({ format: 'uuid', description: 'The resident visited: in your scope, or enrolled in the class' })
  @IsUUID()
  residentId!: string;
}

// ---- views ----

export class StaffView {
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ['instructor', 'volunteer'] }) kind!: StaffKind;
  @ApiProperty() addedAt!: string;
}

export class ClassCourseView {
  @ApiProperty({ format: 'uuid' }) courseId!: string;
  @ApiProperty({ example: 'KNS-CB' }) code!: string;
  @ApiProperty({ format: 'uuid' }) versionId!: string;
  @ApiProperty() versionNumber!: number;
  @ApiProperty() title!: string;
}

export class ClassCountsView {
  @ApiProperty({ description: 'People enrolled now' }) enrolled!: number;
  @ApiProperty({ description: 'Sessions (class sessions and home visits)' }) sessions!: number;
}

export class ClassView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() communeCode!: string;
  @ApiProperty({ example: 'Phường Bãi Cháy' }) communeName!: string;
  @ApiProperty({ nullable: true, type: String }) villageCode!: string | null;
  @ApiProperty({ nullable: true, type: String }) villageName!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty({ type: ClassCourseView }) course!: ClassCourseView;
  @ApiProperty() capacity!: number;
  @ApiProperty() schedule!: string;
  @ApiProperty() place!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) startsOn!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) endsOn!: string | null;
  @ApiProperty({ enum: CLASS_STATUSES }) status!: ClassStatus;
  @ApiProperty({ type: ClassCountsView }) counts!: ClassCountsView;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class ClassDetailView extends ClassView {
  @ApiProperty({ type: StaffView, isArray: true }) staff!: StaffView[];
}

export class EnrolmentItemResultView {
  @ApiProperty({ enum: ['residentId', 'cccd'] }) kind!: 'residentId' | 'cccd';
  @ApiProperty({ description: 'The item as sent (a CCCD masked: ********1234)' }) input!: string;
  @ApiPropertyOptional({ format: 'uuid' }) residentId?: string;
  @ApiProperty({ enum: ['enrolled', 'already_enrolled', 'rejected'] }) outcome!: 'enrolled' | 'already_enrolled' | 'rejected';
  @ApiPropertyOptional({ description: 'Why it was rejected: RESIDENT_NOT_FOUND, CCCD_FORMAT, CCCD_NOT_REGISTERED, CLASS_FULL' }) code?: string;
  @ApiPropertyOptional() message?: string;
  @ApiPropertyOptional({ description: 'The person is not a resident of the class\'s commune' }) fromElsewhere?: boolean;
}

export class EnrolmentResultView {
  @ApiProperty({ format: 'uuid' }) classId!: string;
  @ApiProperty() enrolled!: number;
  @ApiProperty() alreadyEnrolled!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty({ type: EnrolmentItemResultView, isArray: true, description: 'One per item, residentIds first then cccds, in the order sent' })
  results!: EnrolmentItemResultView[];
}

export class RegisterAndEnrolView {
  @ApiProperty({ description: 'True when the person was registered now; false when their CCCD was already registered and that person was enrolled' })
  registered!: boolean;
  @ApiProperty({ format: 'uuid' }) residentId!: string;
  @ApiProperty({ type: ResidentDetailView, nullable: true, description: 'The new resident record (as POST /residents answers), null for a person already registered' })
  resident!: ResidentDetailView | null;
  @ApiProperty({ type: EnrolmentItemResultView }) enrolment!: EnrolmentItemResultView;
  @ApiProperty() message!: string;
}

export class EnrolmentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) classId!: string;
  @ApiProperty({ format: 'uuid' }) residentId!: string;
  @ApiProperty() fromElsewhere!: boolean;
  @ApiProperty() enrolledAt!: string;
  @ApiProperty({ nullable: true, type: String }) withdrawnAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) withdrawReason!: string | null;
}

export class LessonRefView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
}

export class SessionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) classId!: string;
  @ApiProperty({ enum: SESSION_KINDS }) kind!: SessionKind;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The resident of a home visit' }) visitedResidentId!: string | null;
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ description: 'Number of the session in its class and day, from 1' }) number!: number;
  @ApiProperty({ nullable: true, type: String, example: '07:30' }) startsAt!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '09:00' }) endsAt!: string | null;
  @ApiProperty() place!: string;
  @ApiProperty({ type: LessonRefView, isArray: true }) lessons!: LessonRefView[];
  @ApiProperty() note!: string;
  @ApiProperty({ enum: SESSION_STATUSES }) status!: SessionStatus;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) createdBy!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) closedAt!: string | null;
}

export class SessionListView {
  @ApiProperty({ type: SessionView, isArray: true, description: 'By day and number' }) items!: SessionView[];
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
  @ApiProperty({ description: 'When the device recorded it' }) deviceTime!: string;
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

export class ClassQuestionStatsQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "Only attempts at this quiz of the class's course version" })
  @IsOptional()
  @IsUUID()
  quizId?: string;
}
