import { ApiPropertyOptional } from '@nestjs/swagger';
import { cleanDisplayName } from '@hvs/platform';

import { IsISO8601, IsOptional, Matches } from 'class-validator';
import { PERIOD_CODE } from './reporting-access';

/** A day as YYYY-MM-DD, a real calendar day. */
export const DAY_FORMAT = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
export const DAY_MESSAGE = 'phải là ngày theo định dạng YYYY-MM-DD';

/** One line of text as typed: NFC, single spaces, trimmed. */
export const oneLine = ({ value }: { value: unknown }) => (typeof value === 'string' ? cleanDisplayName(value) : value);

/** A day field (YYYY-MM-DD). */
export function IsDay(): PropertyDecorator {
  return (target, key) => {
    IsISO8601({ strict: true }, { message: DAY_MESSAGE })(target, key);
    Matches(DAY_FORMAT, { message: DAY_MESSAGE })(target, key);
  };
}

/** The `period` query parameter of the reporting routes. */
export class PeriodQuery {
  @ApiPropertyOptional({ description: 'Reporting period: a year ("2026") or a campaign\'s code; default: the current year', example: '2026' })
  @IsOptional()
  @Matches(PERIOD_CODE, { message: 'phải là mã kỳ báo cáo (ví dụ 2026)' })
  period?: string;
}

