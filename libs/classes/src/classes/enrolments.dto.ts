import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ResidentDetailView } from '@hvs/identity';
import { MAX_ENROLMENT_ITEMS, oneLine } from './dto-fields';

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
  @ApiProperty({ format: 'date-time' }) enrolledAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) withdrawnAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) withdrawReason!: string | null;
}
