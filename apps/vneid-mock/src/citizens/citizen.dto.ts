import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
  registerDecorator,
} from 'class-validator';
import type { VerifyOutcome } from './registry';

const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/** Whether "YYYY-MM-DD" names a day that exists (2026-02-30 and 1962-20-05 do not). */
export function isCalendarDay(day: string): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}

/** A real calendar date YYYY-MM-DD (2026-02-30 is not). */
export function IsCalendarDate() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName,
      options: { message: 'phải là một ngày có thật, dạng YYYY-MM-DD' },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && DATE.test(value) && isCalendarDay(value),
      },
    });
}

const CCCD = () => Matches(/^[0-9]{12}$/, { message: 'số CCCD phải gồm đúng 12 chữ số' });

export class CccdParam {
  @CCCD()
  cccd!: string;
}

/** A CCCD number with the name and birth date claimed for it. */
export class CitizenClaim {
  @CCCD()
  cccd!: string;

  @IsString()
  @Length(1, 100)
  fullName!: string;

  @IsCalendarDate()
  birthDate!: string;
}

export class AddCitizensBody {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => CitizenClaim)
  citizens!: CitizenClaim[];
}

export const VERIFY_OUTCOMES: readonly VerifyOutcome[] = ['match', 'mismatch', 'not_found'];

export class CitizenSampleQuery {
  @IsIn(VERIFY_OUTCOMES as VerifyOutcome[])
  expected!: VerifyOutcome;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  count: number = 100;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100_000)
  offset: number = 0;
}
