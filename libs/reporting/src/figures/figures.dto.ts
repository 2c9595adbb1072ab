import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PeriodView } from '../periods/periods.dto';
import { IsDay, PeriodQuery } from '../reporting-fields';
import { TargetView } from '../targets/targets.dto';

export const UNIT_LEVELS = ['country', 'province', 'area', 'commune', 'village', 'class'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

export class UnitRefView {
  @ApiProperty({ enum: UNIT_LEVELS }) level!: UnitLevel;
  @ApiProperty({ description: 'VN, a province or commune code, a village code, an area or class id', example: '06673' }) code!: string;
  @ApiProperty({ example: 'Phường Bãi Cháy' }) name!: string;
}

export class CertificateCountsView {
  @ApiProperty() recognised!: number;
  @ApiProperty() pending!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty() failed!: number;
  @ApiProperty() revoked!: number;
}

export class DenominatorCommunesView {
  @ApiProperty() official!: number;
  @ApiProperty() estimate!: number;
  @ApiProperty() registered!: number;
}

export class FiguresView {
  @ApiProperty({ description: 'The denominator: adults of the unit' }) adultPopulation!: number;
  @ApiProperty({
    enum: ['official', 'estimate', 'registered', 'mixed', 'enrolled'],
    description:
      'official: entered by the province; estimate: a labelled estimate (demo data); registered: no figure entered, the registered adults stand in; ' +
      'mixed: a unit of communes of different sources (see denominatorCommunes); enrolled: a class, its enrolled adults',
  })
  denominatorSource!: 'official' | 'estimate' | 'registered' | 'mixed' | 'enrolled';
  @ApiPropertyOptional({ type: DenominatorCommunesView, description: 'A unit made of communes: how many of each source' }) denominatorCommunes?: DenominatorCommunesView;
  @ApiProperty({ description: 'Registered residents, all ages' }) registeredAllAges!: number;
  @ApiProperty({ description: 'Registered adults' }) registered!: number;
  @ApiProperty({ description: 'Adults ever enrolled in a class' }) enrolled!: number;
  @ApiProperty({ description: 'Adults who attended at least one session' }) attended!: number;
  @ApiProperty({ description: 'Adults who completed a course' }) completed!: number;
  @ApiProperty({ description: 'Adults with at least one recognised certificate' }) certified!: number;
  @ApiProperty({ type: CertificateCountsView, description: 'Certificates by state, all ages' }) certificates!: CertificateCountsView;
  @ApiProperty({ nullable: true, type: Number, description: 'certified / adultPopulation (null without a population)' }) rate!: number | null;
  @ApiProperty({ type: TargetView }) target!: TargetView;
  @ApiProperty({ description: 'People to certify for the target (rounded up)' }) targetPeople!: number;
  @ApiProperty({ description: 'People still missing for the target (0 when reached)' }) gap!: number;
  @ApiProperty({ example: 'còn thiếu 312 người' }) gapText!: string;
}

export class GroupFiguresView {
  @ApiProperty({ example: 'age:60+' }) group!: string;
  @ApiProperty({ example: 'Từ 60 tuổi trở lên' }) label!: string;
  @ApiProperty({ description: 'Registered adults of the group (its denominator: no official figure exists per group)' }) registered!: number;
  @ApiProperty() enrolled!: number;
  @ApiProperty() attended!: number;
  @ApiProperty() completed!: number;
  @ApiProperty() certified!: number;
  @ApiProperty({ nullable: true, type: Number }) rate!: number | null;
  @ApiProperty() gap!: number;
  @ApiProperty() gapText!: string;
}

export class ProjectionView {
  @ApiProperty({ description: 'Certified adults gained per week over the last four weeks' }) perWeek!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date', description: 'When the target is reached at that pace; null: reached, or not at this pace' })
  reachedOn!: string | null;
  @ApiProperty() reached!: boolean;
  @ApiProperty({ description: 'Whether reachedOn is on or before the due date' }) beforeDue!: boolean;
  @ApiProperty({ example: 'Với tốc độ 4 tuần gần đây (14 người/tuần), dự kiến đạt mục tiêu vào 26/01/2027.' }) text!: string;
}

export class ChildFiguresView {
  @ApiProperty({ type: UnitRefView }) unit!: UnitRefView;
  @ApiProperty({ type: FiguresView }) figures!: FiguresView;
}

export class UnitFiguresView {
  @ApiProperty({ type: UnitRefView }) unit!: UnitRefView;
  @ApiProperty({ type: PeriodView }) period!: PeriodView;
  @ApiProperty({ format: 'date', description: 'The day ages are counted on (today in Vietnam)' }) referenceDate!: string;
  @ApiProperty({ example: 18 }) adultAge!: number;
  @ApiProperty({ type: FiguresView }) figures!: FiguresView;
  @ApiProperty({ type: GroupFiguresView, isArray: true, description: 'The groups left behind, each with its own rate' }) groups!: GroupFiguresView[];
  @ApiProperty({ type: ProjectionView, nullable: true, description: 'At the last four weeks\' pace (units with a daily series: country to commune)' })
  projection!: ProjectionView | null;
  @ApiProperty({ enum: UNIT_LEVELS, nullable: true, description: 'The level of the children' }) childLevel!: UnitLevel | null;
  @ApiProperty({ type: ChildFiguresView, isArray: true, description: 'The next level down, each with its figures' }) children!: ChildFiguresView[];
  @ApiPropertyOptional({ type: ChildFiguresView, isArray: true, description: 'A province: its areas' }) areas?: ChildFiguresView[];
  @ApiPropertyOptional({ type: ChildFiguresView, isArray: true, description: 'A commune: its classes held at the commune (not in a village)' }) classes?: ChildFiguresView[];
}

export class TrendPointView {
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ description: 'Certificates recognised' }) recognitions!: number;
  @ApiProperty({ description: 'Certified adults gained (revocations and erasures subtract)' }) gained!: number;
  @ApiProperty({ description: 'Certified adults at the end of the bucket' }) certified!: number;
  @ApiProperty({ nullable: true, type: Number }) rate!: number | null;
}

export class TrendView {
  @ApiProperty({ type: UnitRefView }) unit!: UnitRefView;
  @ApiProperty({ type: PeriodView }) period!: PeriodView;
  @ApiProperty({ enum: ['week', 'day'], description: 'Weekly for a year, daily for a campaign' }) bucket!: 'week' | 'day';
  @ApiProperty() adultPopulation!: number;
  @ApiProperty({ type: TargetView }) target!: TargetView;
  @ApiProperty({ type: TrendPointView, isArray: true }) points!: TrendPointView[];
  @ApiProperty({ type: ProjectionView }) projection!: ProjectionView;
}

export const RANK_BY = ['rate', 'progress'] as const;

export class RankingQuery extends PeriodQuery {
  @ApiPropertyOptional({ enum: RANK_BY, description: 'rate (default), or progress: the rate gained from `from` to `to`' })
  @IsOptional()
  @IsIn(RANK_BY, { message: 'phải là rate hoặc progress' })
  by?: (typeof RANK_BY)[number];

  @ApiPropertyOptional({ format: 'date', description: 'Progress from this day (default: 27 days before `to`)' }) @IsOptional() @IsDay() from?: string;
  @ApiPropertyOptional({ format: 'date', description: 'Progress up to this day (default: today)' }) @IsOptional() @IsDay() to?: string;

  @ApiPropertyOptional({ description: 'Commune name, ignoring case and diacritics' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  q?: string;
}

export class RankedCommuneView {
  @ApiProperty({ description: '1 = best, among all the communes ranked (before the name filter)' }) rank!: number;
  @ApiProperty({ type: UnitRefView }) unit!: UnitRefView;
  @ApiProperty({ type: FiguresView }) figures!: FiguresView;
  @ApiProperty({ description: 'Certified adults gained from `from` to `to`' }) gained!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'gained / adultPopulation: the rate gained in the range' }) progress!: number | null;
}

export class RankingView {
  @ApiProperty({ type: UnitRefView }) unit!: UnitRefView;
  @ApiProperty() period!: string;
  @ApiProperty({ enum: RANK_BY }) by!: (typeof RANK_BY)[number];
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ description: 'Communes ranked' }) total!: number;
  @ApiProperty({ type: RankedCommuneView, isArray: true }) items!: RankedCommuneView[];
}
