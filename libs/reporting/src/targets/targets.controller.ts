import { Body, Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Access, ApiErrors, CodeParamPipe, CurrentCaller, type Caller } from '@hvs/platform';
import { FIGURE_OFFICERS, POPULATION_EDITORS } from '../reporting-access';
import { PeriodQuery } from '../reporting-fields';
import { SetTargetBody, TARGET_LEVELS, TargetHistoryQuery, TargetHistoryView, TargetListView, TargetsQuery, UnitTargetView, type TargetLevel } from './targets.dto';
import { TargetsService } from './targets.service';

const TargetLevelPipe = new CodeParamPipe(/^(province|commune)$/, 'INVALID_TARGET_LEVEL', 'Cấp đơn vị của mục tiêu phải là province hoặc commune.');
const UnitCodePipe = new CodeParamPipe(/^([0-9]{2}|[0-9]{5})$/, 'INVALID_UNIT_CODE', 'Mã đơn vị phải là mã tỉnh (2 chữ số) hoặc mã xã (5 chữ số).');

/** Targets per unit and period: 80 % by default; a province may set its own, or one for a commune. */
@ApiTags('reporting')
@ApiBearerAuth()
@Controller('reporting/targets')
export class TargetsController {
  constructor(private readonly targets: TargetsService) {}

  @Get()
  @Access(...FIGURE_OFFICERS)
  @ApiOperation({ summary: 'The target of a province and of each of its communes in your scope, for the period, and whose each is' })
  @ApiOkResponse({ type: TargetListView })
  @ApiErrors(400, 401, 403, 404)
  list(@Query() query: TargetsQuery, @CurrentCaller() caller: Caller): Promise<TargetListView> {
    return this.targets.list(query.provinceCode, query.period, caller);
  }

  @Get('history')
  @Access(...FIGURE_OFFICERS)
  @ApiOperation({ summary: 'Every target a province or commune had for the period, the newest first' })
  @ApiOkResponse({ type: TargetHistoryView })
  @ApiErrors(400, 401, 403, 404)
  history(@Query() query: TargetHistoryQuery, @CurrentCaller() caller: Caller): Promise<TargetHistoryView> {
    return this.targets.history(query.level, query.code, query.period, caller);
  }

  @Put()
  @Access(...POPULATION_EDITORS)
  @ApiOperation({ summary: 'Set the target of your province, or of one of its communes, for a period (rate and due date; history kept)' })
  @ApiOkResponse({ type: UnitTargetView })
  @ApiErrors(400, 401, 403, 404)
  set(@Body() body: SetTargetBody, @CurrentCaller() caller: Caller): Promise<UnitTargetView> {
    return this.targets.set(body, caller);
  }

  @Delete(':level/:code')
  @Access(...POPULATION_EDITORS)
  @ApiOperation({ summary: 'End a unit\'s own target for the period: it follows its province\'s target, or the national 80 %, again' })
  @ApiParam({ name: 'level', enum: TARGET_LEVELS })
  @ApiParam({ name: 'code', description: 'Province (2 digits) or commune (5 digits)' })
  @ApiOkResponse({ type: UnitTargetView })
  @ApiErrors(400, 401, 403, 404)
  clear(
    @Param('level', TargetLevelPipe) level: string,
    @Param('code', UnitCodePipe) code: string,
    @Query() query: PeriodQuery,
    @CurrentCaller() caller: Caller,
  ): Promise<UnitTargetView> {
    return this.targets.clear(level as TargetLevel, code, query.period, caller);
  }
}
