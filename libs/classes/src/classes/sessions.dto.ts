import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { SESSION_KINDS, SESSION_STATUSES, type SessionKind, type SessionStatus } from './session.entity';
import { IsDay, IsTimeOfDay, MAX_SESSION_LESSONS, oneLine, text, TIME_OF_DAY_PATTERN } from './dto-fields';

class SessionFields {
  @ApiPropertyOptional({ type: String, nullable: true, pattern: TIME_OF_DAY_PATTERN, example: '07:30', description: 'HH:MM' }) @IsOptional() @ValidateIf((_o, v) => v !== null) @IsTimeOfDay() startsAt?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, pattern: TIME_OF_DAY_PATTERN, example: '09:00', description: 'HH:MM, after startsAt' }) @IsOptional() @ValidateIf((_o, v) => v !== null) @IsTimeOfDay() endsAt?: string | null;

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
  @ApiProperty({ nullable: true, type: String, pattern: TIME_OF_DAY_PATTERN, example: '07:30' }) startsAt!: string | null;
  @ApiProperty({ nullable: true, type: String, pattern: TIME_OF_DAY_PATTERN, example: '09:00' }) endsAt!: string | null;
  @ApiProperty() place!: string;
  @ApiProperty({ type: LessonRefView, isArray: true }) lessons!: LessonRefView[];
  @ApiProperty() note!: string;
  @ApiProperty({ enum: SESSION_STATUSES }) status!: SessionStatus;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) closedAt!: string | null;
}

export class SessionListView {
  @ApiProperty({ type: SessionView, isArray: true, description: 'By day and number' }) items!: SessionView[];
}
