import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

const REPORTED: readonly string[] = ['in_progress', 'completed'];
const STATES: readonly string[] = ['locked', 'not_started', 'in_progress', 'completed'];
/** At most 4 hours are added by one report (a phone left open on a lesson all day is not learning). */
export const MAX_REPORTED_SECONDS = 14_400;

export class LessonProgressBody {
  @ApiProperty({ enum: REPORTED, description: '"completed" is final: a later "in_progress" only adds time' })
  @IsIn(REPORTED)
  status!: 'in_progress' | 'completed';

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_REPORTED_SECONDS, description: 'Seconds spent since the last report, added to the total' })
  @IsOptional() @IsInt() @Min(0) @Max(MAX_REPORTED_SECONDS)
  timeSpentS?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'Staff (commune officers, instructors) recording for a resident in their scope; residents omit it' })
  @IsOptional() @IsUUID('all')
  residentId?: string;
}

export class LessonProgressView {
  @ApiProperty({ format: 'uuid' }) lessonId!: string;
  @ApiProperty({ enum: REPORTED }) status!: string;
  @ApiProperty({ example: 600 }) timeSpentS!: number;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) completedAt!: string | null;
}

export class LessonStandingView {
  @ApiProperty({ format: 'uuid' }) lessonId!: string;
  @ApiProperty({ example: 1 }) position!: number;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: STATES }) status!: string;
  @ApiProperty({ example: 0 }) timeSpentS!: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) completedAt!: string | null;
}

export class FinalStandingView {
  @ApiProperty({ format: 'uuid' }) quizId!: string;
  @ApiProperty({ example: 0 }) attemptsUsed!: number;
  @ApiProperty({ type: Number, nullable: true, example: 3 }) maxAttempts!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: null }) bestScorePercent!: number | null;
  @ApiProperty() passed!: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) passedAt!: string | null;
}

export class CourseProgressView {
  @ApiProperty({ format: 'uuid' }) courseId!: string;
  @ApiProperty({ format: 'uuid', description: 'The version followed: the latest one the resident started, else the current one' }) versionId!: string;
  @ApiProperty({ type: LessonStandingView, isArray: true }) lessons!: LessonStandingView[];
  @ApiProperty({ example: 0 }) completedLessons!: number;
  @ApiProperty({ example: 10 }) totalLessons!: number;
  @ApiProperty({ type: FinalStandingView, nullable: true }) final!: FinalStandingView | null;
}
