import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PERIOD_CODE } from '../reporting-access';
import { IsDay, oneLine } from '../reporting-fields';

export class PeriodView {
  @ApiProperty({ example: '2026' }) code!: string;
  @ApiProperty({ example: 'Năm 2026' }) name!: string;
  @ApiProperty({ enum: ['year', 'campaign'] }) kind!: 'year' | 'campaign';
  @ApiProperty({ format: 'date' }) startsOn!: string;
  @ApiProperty({ format: 'date' }) endsOn!: string;
}

/** A campaign period (years exist already). */
export class CreatePeriodBody {
  @ApiProperty({ example: 'CD-2027-Q1', description: 'Letters, digits, "-" and "_", up to 32' })
  @Matches(PERIOD_CODE, { message: 'chỉ gồm chữ cái, chữ số, "-" và "_", tối đa 32 ký tự' })
  code!: string;

  @ApiProperty({ example: 'Chiến dịch mùa xuân 2027', maxLength: 120 })
  @IsString()
  @Transform(oneLine)
  @MinLength(1)
  @MaxLength(120)
  name!: string;

  @ApiProperty({ format: 'date' }) @IsDay() startsOn!: string;
  @ApiProperty({ format: 'date' }) @IsDay() endsOn!: string;
}
