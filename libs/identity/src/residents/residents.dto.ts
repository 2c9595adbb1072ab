import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  IsObject,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { UnitKeysetQuery, VILLAGE_CODE } from '@hvs/geography';
import { CONSENT_METHODS, CONSENT_PURPOSES, type ConsentMethod, type ConsentPurpose } from './consent.entity';
import { type Poverty } from './resident.entity';
import type { Sex } from '../personal-data/cccd';

const SEXES: readonly Sex[] = ['male', 'female'];
const POVERTY: readonly Poverty[] = ['none', 'near_poor', 'poor'];
const nfcTrim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFC').replace(/\s+/g, ' ').trim() : value);
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Consent given at registration (or later): which purposes, and how it was obtained. */
export class ConsentInput {
  @ApiProperty({ enum: CONSENT_PURPOSES, isArray: true, description: '"training_records" is required to register' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CONSENT_PURPOSES.length)
  @ArrayUnique()
  @IsIn(CONSENT_PURPOSES, { each: true })
  purposes!: ConsentPurpose[];

  @ApiProperty({ enum: CONSENT_METHODS, description: 'self: the person on their own device; assisted: an officer or instructor with them; paper_form: a signed form' })
  @IsIn(CONSENT_METHODS)
  method!: ConsentMethod;
}

class ResidentFields {
  @ApiProperty({ example: 'Nguyễn Thị Hoa', maxLength: 120 })
  @IsString()
  @Transform(nfcTrim)
  @MinLength(2)
  @MaxLength(120)
  @Matches(/^[\p{L}\p{M}' .-]+$/u, { message: 'chỉ được gồm chữ cái, khoảng trắng, dấu nháy đơn, dấu chấm và dấu gạch ngang' })
  fullName!: string;

  @ApiProperty({ example: '1958-04-12', format: 'date' })
  @IsISO8601({ strict: true })
  @Matches(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, { message: 'phải là ngày theo định dạng YYYY-MM-DD' })
  birthDate!: string;

  @ApiProperty({ enum: SEXES })
  @IsIn(SEXES)
  sex!: Sex;

  @ApiPropertyOptional({ example: '022158001234', nullable: true, type: String, description: '12-digit CCCD; checked against birth date and sex' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @Transform(trim)
  @MaxLength(20)
  cccd?: string | null;

  @ApiPropertyOptional({ example: '0912345678', nullable: true, type: String, description: 'Vietnamese mobile number' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(20)
  phone?: string | null;

  @ApiPropertyOptional({ example: '06673-0001', nullable: true, type: String, description: 'Home village (thôn / tổ dân phố) in the commune' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @Matches(VILLAGE_CODE, { message: 'phải là mã thôn/tổ dân phố (ví dụ 06673-0001)' })
  villageCode?: string | null;

  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() ethnicMinority?: boolean;
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() disability?: boolean;
  @ApiPropertyOptional({ enum: POVERTY, default: 'none', description: 'Poor / near-poor household' }) @IsOptional() @IsIn(POVERTY) poverty?: Poverty;
  @ApiPropertyOptional({ default: false, description: 'Has no smartphone (needs a device)' }) @IsOptional() @IsBoolean() noSmartphone?: boolean;
}

export class RegisterResidentBody extends ResidentFields {
  @ApiProperty({ example: '06673', description: 'Home commune (5 digits)' })
  @Matches(/^[0-9]{5}$/, { message: 'phải là mã xã/phường (5 chữ số)' })
  communeCode!: string;

  @ApiProperty({ type: ConsentInput })
  @IsObject()
  @ValidateNested()
  @Type(() => ConsentInput)
  consent!: ConsentInput;
}

/** Corrections to a resident: only the fields sent change; `null` clears an optional one. */
export class UpdateResidentBody {
  @ApiPropertyOptional() @IsOptional() @IsString() @Transform(nfcTrim) @MinLength(2) @MaxLength(120)
  @Matches(/^[\p{L}\p{M}' .-]+$/u, { message: 'chỉ được gồm chữ cái, khoảng trắng, dấu nháy đơn, dấu chấm và dấu gạch ngang' })
  fullName?: string;

  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsISO8601({ strict: true })
  @Matches(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, { message: 'phải là ngày theo định dạng YYYY-MM-DD' })
  birthDate?: string;

  @ApiPropertyOptional({ enum: SEXES }) @IsOptional() @IsIn(SEXES) sex?: Sex;

  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @ValidateIf((_o, v) => v !== null) @IsString() @Transform(trim) @MaxLength(20)
  cccd?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @ValidateIf((_o, v) => v !== null) @IsString() @MaxLength(20)
  phone?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @ValidateIf((_o, v) => v !== null)
  @Matches(VILLAGE_CODE, { message: 'phải là mã thôn/tổ dân phố (ví dụ 06673-0001)' })
  villageCode?: string | null;

  @ApiPropertyOptional() @IsOptional() @IsBoolean() ethnicMinority?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() disability?: boolean;
  @ApiPropertyOptional({ enum: POVERTY }) @IsOptional() @IsIn(POVERTY) poverty?: Poverty;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() noSmartphone?: boolean;
}

export class SearchResidentsQuery extends UnitKeysetQuery {
  @ApiPropertyOptional({ description: 'Name, ignoring case and diacritics ("nguyen van a"); every word must start a word of the name' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  q?: string;

  @ApiPropertyOptional({ description: 'Exact phone number' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  phone?: string;

  @ApiPropertyOptional({ description: 'Exact 12-digit CCCD' })
  @IsOptional()
  @Matches(/^[0-9]{12}$/, { message: 'phải gồm 12 chữ số' })
  cccd?: string;

}

export class AddConsentBody extends ConsentInput {}

export class WithdrawConsentParams {
  @ApiProperty({ enum: CONSENT_PURPOSES }) @IsIn(CONSENT_PURPOSES) purpose!: ConsentPurpose;
}

export class ResidentFlagsView {
  @ApiProperty({ description: '60 or older (from the date of birth)' }) elderly!: boolean;
  @ApiProperty() ethnicMinority!: boolean;
  @ApiProperty() disability!: boolean;
  @ApiProperty({ enum: POVERTY }) poverty!: Poverty;
  @ApiProperty() noSmartphone!: boolean;
}

export class ConsentView {
  @ApiProperty({ enum: CONSENT_PURPOSES }) purpose!: ConsentPurpose;
  @ApiProperty({ enum: CONSENT_METHODS }) method!: ConsentMethod;
  @ApiProperty({ format: 'date-time' }) grantedAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) recordedBy!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) withdrawnAt!: string | null;
}

export class ResidentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ format: 'date' }) birthDate!: string;
  @ApiProperty() birthYear!: number;
  @ApiProperty({ enum: SEXES }) sex!: Sex;
  @ApiProperty({ nullable: true, type: String, description: 'Masked ("********1234") unless your role needs it in full' }) cccd!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Masked ("0912***678") unless your role needs it in full' }) phone!: string | null;
  @ApiProperty({ description: 'True when cccd and phone are masked' }) masked!: boolean;
  @ApiProperty() communeCode!: string;
  @ApiProperty({ nullable: true, type: String }) villageCode!: string | null;
  @ApiProperty({ type: ResidentFlagsView }) flags!: ResidentFlagsView;
  @ApiProperty() hasAccount!: boolean;
  @ApiProperty({ enum: ['self', 'assisted', 'import'] }) registrationMethod!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ResidentDetailView extends ResidentView {
  @ApiProperty({ type: ConsentView, isArray: true }) consents!: ConsentView[];
}

export class ResidentExportView {
  @ApiProperty({ format: 'date-time' }) exportedAt!: string;
  @ApiProperty({ type: ResidentDetailView }) resident!: ResidentDetailView;
  @ApiProperty({ type: Object, nullable: true, description: 'The resident\'s login account, if any' }) account!: Record<string, unknown> | null;
  @ApiProperty({ type: Object, isArray: true, description: 'Who read or changed this record (audit trail)' }) accessLog!: Array<Record<string, unknown>>;
}
