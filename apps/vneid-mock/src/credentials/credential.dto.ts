import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested, registerDecorator } from 'class-validator';
import { CitizenClaim, isCalendarDay } from '../citizens/citizen.dto';

const DATE_OR_MOMENT = /^([0-9]{4}-[0-9]{2}-[0-9]{2})(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2}))?$/;

/** `YYYY-MM-DD`, or an ISO 8601 moment with its offset, on a real calendar day. */
function IsIssuedAt() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isIssuedAt',
      target: target.constructor,
      propertyName,
      options: { message: 'phải là ngày YYYY-MM-DD hoặc thời điểm ISO 8601 có múi giờ' },
      validator: {
        validate: (value: unknown) => {
          const m = typeof value === 'string' ? DATE_OR_MOMENT.exec(value) : null;
          if (!m) return false;
          const day = m[1] as string;
          return isCalendarDay(day) && !Number.isNaN(Date.parse(value as string));
        },
      },
    });
}

/** The body of `POST /v1/credentials` (docs/vneid-partner-api.md, 4.1). */
export class RecordCredentialBody {
  @Matches(/^[A-Z0-9-]{1,40}$/)
  serial!: string;

  @Matches(/^[A-Za-z0-9_-]{1,32}$/)
  courseCode!: string;

  @IsInt()
  @Min(1)
  @Max(100_000)
  courseVersion!: number;

  @IsIssuedAt()
  issuedAt!: string;

  @Matches(/^[0-9]{2}([0-9]{3})?$/)
  issuingUnitCode!: string;

  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => CitizenClaim)
  holder!: CitizenClaim;

  @IsString()
  @Length(1, 32_768)
  @Matches(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/)
  credential!: string;
}

export class RevokeCredentialBody {
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class ListCredentialsQuery {
  @IsOptional()
  @Matches(/^[A-Z0-9-]{1,40}$/)
  serial?: string;

  @IsOptional()
  @Matches(/^c[0-9]{1,12}$/)
  after?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit: number = 100;
}
