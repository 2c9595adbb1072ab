import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { UnitKeysetQuery, VILLAGE_CODE } from '@hvs/geography';
import type { StaffKind } from './class-staff.entity';
import { CLASS_STATUSES, type ClassStatus } from './class.entity';
import { IsDay, MAX_INSTRUCTORS, MAX_VOLUNTEERS, oneLine, text } from './dto-fields';

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

/** Classes of a commune or village of the scope (a village: the classes held there). */
export class ListClassesQuery extends UnitKeysetQuery {
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

export class StaffView {
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ['instructor', 'volunteer'] }) kind!: StaffKind;
  @ApiProperty({ format: 'date-time' }) addedAt!: string;
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
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ClassDetailView extends ClassView {
  @ApiProperty({ type: StaffView, isArray: true }) staff!: StaffView[];
}
