import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';
import { PERIOD_CODE } from '../reporting-access';
import { IsDay, PeriodQuery } from '../reporting-fields';

export const TARGET_LEVELS = ['province', 'commune'] as const;
export type TargetLevel = (typeof TARGET_LEVELS)[number];

/** A province's target for itself or for one of its communes. */
export class SetTargetBody {
  @ApiProperty({ enum: TARGET_LEVELS }) @IsIn(TARGET_LEVELS, { message: 'phải là province hoặc commune' }) level!: TargetLevel;

  @ApiProperty({ description: 'Province (2 digits) or commune (5 digits) code', example: '06673' })
  @Matches(/^([0-9]{2}|[0-9]{5})$/, { message: 'phải là mã tỉnh (2 chữ số) hoặc mã xã (5 chữ số)' })
  code!: string;

  @ApiPropertyOptional({ description: 'Period; default: the current year', example: '2026' })
  @IsOptional()
  @Matches(PERIOD_CODE, { message: 'phải là mã kỳ báo cáo (ví dụ 2026)' })
  period?: string;

  @ApiProperty({ description: 'Share of adults to certify, above 0 and at most 1 (4 decimals)', example: 0.85, minimum: 0.0001, maximum: 1 })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 }, { message: 'phải là một số từ 0,0001 đến 1 (tối đa 4 chữ số thập phân)' })
  @Min(0.0001)
  @Max(1)
  rate!: number;

  @ApiPropertyOptional({ format: 'date', description: 'Due date; default: the period\'s last day' })
  @IsOptional()
  @IsDay()
  dueOn?: string;
}

export class TargetsQuery extends PeriodQuery {
  @ApiProperty({ example: '22' })
  @Matches(/^[0-9]{2}$/, { message: 'phải là mã tỉnh/thành phố (2 chữ số)' })
  provinceCode!: string;
}

export class TargetHistoryQuery extends PeriodQuery {
  @ApiProperty({ enum: TARGET_LEVELS }) @IsIn(TARGET_LEVELS, { message: 'phải là province hoặc commune' }) level!: TargetLevel;
  @ApiProperty({ example: '06673' })
  @Matches(/^([0-9]{2}|[0-9]{5})$/, { message: 'phải là mã tỉnh (2 chữ số) hoặc mã xã (5 chữ số)' })
  code!: string;
}

export class TargetView {
  @ApiProperty({ example: 0.8 }) rate!: number;
  @ApiProperty({ format: 'date' }) dueOn!: string;
  @ApiProperty({ enum: ['commune', 'province', 'default'], description: 'Whose target it is: the unit\'s own, its province\'s, or the national default' })
  setFor!: 'commune' | 'province' | 'default';
}

export class UnitTargetView {
  @ApiProperty({ enum: TARGET_LEVELS }) level!: TargetLevel;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: TargetView }) target!: TargetView;
}

export class TargetListView {
  @ApiProperty() period!: string;
  @ApiProperty({ type: UnitTargetView }) province!: UnitTargetView;
  @ApiProperty({ type: UnitTargetView, isArray: true, description: 'The communes of the province in your scope' }) communes!: UnitTargetView[];
}

export class TargetHistoryItemView {
  @ApiProperty() rate!: number;
  @ApiProperty({ format: 'date' }) dueOn!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) setBy!: string | null;
  @ApiProperty({ format: 'date-time' }) setAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) supersededAt!: string | null;
}

export class TargetHistoryView {
  @ApiProperty({ enum: TARGET_LEVELS }) level!: TargetLevel;
  @ApiProperty() code!: string;
  @ApiProperty() period!: string;
  @ApiProperty({ type: TargetHistoryItemView, isArray: true }) items!: TargetHistoryItemView[];
}
